// Safe file names for uploads (fixes S14, J15, B27).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace im::host::upload {

// The client's name reduced to a safe base name: no directory parts, no "..", no control
// characters, no leading dots; an empty result becomes a generated name.
std::string safe_base_name(std::string_view client_name);

// `dir/name`, or `dir/<stem>-1.<ext>`, `-2`, … when taken (J15: never overwrite).
// Creates the file exclusively so that two uploads cannot pick the same name.
std::filesystem::path claim_unique_path(const std::filesystem::path& dir, const std::string& name);

// Splits on the LAST dot (B27): "a.b.png" -> {"a.b", "png"}; "noext" -> {"noext", ""}.
std::pair<std::string, std::string> split_extension(std::string_view name);

}  // namespace im::host::upload
