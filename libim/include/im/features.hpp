// Protocol extensions a socket opts in to (docs/protocol-extensions.md "Opting in"): a socket that
// asks for none — the Electron client as it is — gets exactly the original's frames and events.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace im {

enum class Feature : std::uint8_t {
  sync,      // copies of one's own messages on one's other devices, sequences
  typing,    // typing indicators
  presence,  // friends' online/offline transitions
  edit,      // recalls and edits of messages
  receipts,  // aggregated group read receipts
};

// A set of features, fixed for a session at CONNECT.
class Features {
 public:
  constexpr Features() = default;

  constexpr bool has(Feature feature) const { return (bits_ & bit(feature)) != 0; }
  constexpr void add(Feature feature) { bits_ |= bit(feature); }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr std::uint32_t bits() const { return bits_; }
  static constexpr Features from_bits(std::uint32_t bits) {
    Features set;
    set.bits_ = bits;
    return set;
  }
  constexpr bool operator==(const Features&) const = default;

 private:
  static constexpr std::uint32_t bit(Feature feature) {
    return std::uint32_t{1} << static_cast<unsigned>(feature);
  }
  std::uint32_t bits_ = 0;
};

// "sync", "typing", "presence", "edit", "receipts"; nullopt for any other name.
std::optional<Feature> feature_from_name(std::string_view name);
std::string_view feature_name(Feature feature);

}  // namespace im
