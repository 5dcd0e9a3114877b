#!/usr/bin/env bash
# Runs every benchmark shape of docs/benchmarks.md in one go and prints its first table: server
# CPU per operation, throughput and latency. Needs a Release build of im_server and im_bench
# (BUILD_DIR, default build-bench) and wrk for the HTTP shape (apt-get install wrk).
#
#   bench/suite.sh                      # every shape, 10 s each
#   DURATION=20 bench/suite.sh          # longer runs
#   SERVER_ARGS="--db-host=127.0.0.1 --db-port=33306 ..." bench/suite.sh   # another backend
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build-bench}
bench=$build_dir/bench/im_bench
server=$build_dir/server/im_server
duration=${DURATION:-10}
# Registration hashes passwords: cost 4 keeps thousands of sign-ups quick and changes nothing
# that is measured below, except in the login storm, which runs at the default cost 10.
extra_args=()
for a in ${SERVER_ARGS:-}; do extra_args+=("--server-arg=$a"); done
server_args=(--server-arg=--bcrypt-cost=4 "${extra_args[@]}")

if [[ ! -x $bench || ! -x $server ]]; then
  echo "build first: cmake -S . -B $build_dir -G Ninja -DCMAKE_BUILD_TYPE=Release -DIM_BUILD_TESTS=OFF" >&2
  echo "             cmake --build $build_dir --target im_server im_bench" >&2
  exit 1
fi

row() {  # shape, then im_bench flags
  local shape=$1
  shift
  local out
  out=$("$bench" --spawn "$server" "${server_args[@]}" "$@" --duration "$duration" 2>&1) || true
  local rate p50 p99 cpu us result
  rate=$(awk '/acked \(200\)/ {print $4}' <<<"$out")
  p50=$(awk '/ack latency/ {print $4}' <<<"$out")
  p99=$(awk '/ack latency/ {print $7}' <<<"$out")
  cpu=$(awk '/server CPU / {print $3}' <<<"$out")
  us=$(awk '/server CPU\/msg/ {print $3}' <<<"$out")
  result=$(grep -q "every message acked 200 and delivered" <<<"$out" && echo ok || echo INCOMPLETE)
  printf '| %s | %s | %s ms | %s ms | %s | **%s µs** | %s |\n' "$shape" "$rate" "$p50" "$p99" \
    "$cpu" "$us" "$result"
}

group_row() {  # shape, then im_bench flags; the operation is one push to one member's socket
  local shape=$1
  shift
  local out
  out=$("$bench" --spawn "$server" "${server_args[@]}" "$@" --duration "$duration" 2>&1) || true
  local rate p50 p99 cpu us result
  rate=$(awk '/ pushes / && /pushes\/s/ {print $3}' <<<"$out")
  p50=$(awk '/push latency/ {print $4}' <<<"$out")
  p99=$(awk '/push latency/ {print $7}' <<<"$out")
  cpu=$(awk '/server CPU / {print $3}' <<<"$out")
  us=$(awk '/server CPU\/push/ {print $3}' <<<"$out")
  result=$(grep -q "every message acked 200 and every push delivered" <<<"$out" && echo ok || echo INCOMPLETE)
  printf '| %s | %s pushes/s | %s ms | %s ms | %s | **%s µs** per push | %s, im_bench %s |\n' "$shape" \
    "$rate" "$p50" "$p99" "$cpu" "$us" "$result" "$(awk '/im_bench CPU/ {print $3}' <<<"$out")"
}

storm_row() {  # 1:1 at a fixed rate during a login storm, bcrypt cost 10 (the default)
  local shape=$1
  shift
  local out
  out=$("$bench" --spawn "$server" "${extra_args[@]}" "$@" --duration "$duration" 2>&1) || true
  local rate p50 p99 cpu us result logins lp99 busy
  rate=$(awk '/acked \(200\)/ {print $4}' <<<"$out")
  p50=$(awk '/ack latency/ {print $4}' <<<"$out")
  p99=$(awk '/ack latency/ {print $7}' <<<"$out")
  cpu=$(awk '/server CPU / {print $3}' <<<"$out")
  us=$(awk '/server CPU\/msg/ {print $3}' <<<"$out")
  logins=$(awk '/logins \(200\)/ {print $4}' <<<"$out")
  lp99=$(awk '/login latency/ {print $7}' <<<"$out")
  busy=$(awk '/503 \(busy\)/ {print $3}' <<<"$out")
  result=$(grep -q "every message acked 200 and delivered" <<<"$out" && echo ok || echo INCOMPLETE)
  printf '| %s | %s | %s ms | %s ms | %s | **%s µs** | %s; %s logins/s, login p99 %s ms, %s × 503 |\n' \
    "$shape" "$rate" "$p50" "$p99" "$cpu" "$us" "$result" "$logins" "$lp99" "$busy"
}

http_row() {  # authenticated GET /api/v1/friends with wrk, 64 connections
  command -v wrk >/dev/null || { echo "| HTTP GET /api/v1/friends | (wrk not installed) |||||"; return; }
  local dir port pid token user before after out reqs
  dir=$(mktemp -d)
  "$server" --env-dir "$dir" --port 0 --bind-address 127.0.0.1 --sqlite-path "$dir/im.db" \
    --multer-dest "$dir/up" --uploads-static-dir "$dir/st" --secret-key bench \
    --clientorigin http://localhost:1212 --log-file '' --bcrypt-cost 4 \
    ${SERVER_ARGS:-} >"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    port=$(grep -o 'listening on http://[0-9.]*:[0-9]*' "$dir/server.log" | grep -o '[0-9]*$' || true)
    [[ -n $port ]] && break
    sleep 0.1
  done
  curl -s -o "$dir/body" -H 'content-type: application/json' \
    -d '{"account":"13900000001","pwd":"bench12345"}' "http://127.0.0.1:$port/api/v1/users/create"
  token=$(grep -o '"token":"[^"]*"' "$dir/body" | cut -d'"' -f4)
  user=$(grep -o '"id":[0-9]*' "$dir/body" | head -1 | cut -d: -f2)
  before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  out=$(wrk -t2 -c64 -d"${duration}s" -H "authorization: $token" -H "userid: $user" \
    "http://127.0.0.1:$port/api/v1/friends")
  after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  rm -rf "$dir"
  reqs=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  local total ticks
  total=$(awk '/requests in/ {print $1}' <<<"$out")
  ticks=$(getconf CLK_TCK)
  awk -v r="$reqs" -v n="$total" -v b="$before" -v a="$after" -v t="$ticks" -v d="$duration" \
    -v p50="$(awk '/Latency/ {print $2}' <<<"$out")" 'BEGIN {
      cpu = (a - b) / t; printf "| HTTP GET /api/v1/friends, 64 conns (wrk) | %.0f req/s | %s avg | | %.0f%% | **%.1f µs** | %s |\n",
      r, p50, 100 * cpu / d, 1e6 * cpu / n, (n > 0 ? "ok" : "FAILED") }'
}

echo "| shape | msgs/s | ack p50 | ack p99 | server CPU (one core = 100%) | server CPU per op | result |"
echo "|---|---|---|---|---|---|---|"
row "1:1 many connections: --pairs 1000 --window 4 --rate 3000" --pairs 1000 --window 4 --rate 3000
row "1:1 loaded: --pairs 100 --window 8" --pairs 100 --window 8
row "1:1 few busy sockets: --pairs 10 --window 64" --pairs 10 --window 64
row "shape 1 without durability (SQLite :memory:)" --pairs 1000 --window 4 --rate 3000 \
  --server-arg=--sqlite-path=:memory:
storm_row "1:1 during a login storm (bcrypt cost 10): --pairs 100 --rate 2000 --login-storm 200" \
  --pairs 100 --rate 2000 --login-storm 200
group_row "group of 50, 10 groups: --groups 10 --group-size 50 --rate 200" \
  --groups 10 --group-size 50 --rate 200
group_row "group of 500: --group-size 500 --rate 100" --group-size 500 --rate 100
group_row "group of 2000: --group-size 2000 --rate 20" --group-size 2000 --rate 20
http_row
