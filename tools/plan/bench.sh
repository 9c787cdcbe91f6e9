#!/usr/bin/env sh
# Times the offline plan as the README states it: median of 5 runs after one warm-up (the transpile cache and Node's
# compile cache filled), with hyperfine (apt-get install -y hyperfine). Run it alone: on a shared machine other work
# skews the numbers. npm test never times anything.
set -eu
cd "$(dirname "$0")/../.."
NODE="node_modules/node/bin/node"   # the Node 24 every npm script runs (the `node` devDependency)
mkdir -p .plan
hyperfine --warmup 1 --runs 5 --export-json .plan/bench.json \
  "$NODE tools/plan/bootstrap.js --stack prod --format json --out .plan/bench-prod.json" \
  "$NODE tools/plan/bootstrap.js --help" \
  "$NODE tools/plan/bootstrap.js --format yaml || true"
node -e 'for (const r of require("./.plan/bench.json").results) console.log(`median ${(r.median * 1000).toFixed(0)} ms  ${r.command}`)'
