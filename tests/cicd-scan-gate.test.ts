/**
 * The scan gate (.github/scripts/ecr-findings.sh) run against a stub `aws` that answers DescribeImageScanFindings from
 * tests/fixtures/ecr-findings/ in turn: enhanced scanning's ACTIVE and basic scanning's COMPLETE both end the wait, a
 * scan not started or in progress is waited for (within the timeout), a scan that can't finish fails, and critical or
 * high findings fail (listed ones that are ACTIVE, or ECR's summary when nothing is listed). The old gate waited with
 * `aws ecr wait image-scan-complete`, which enhanced scanning never satisfies: the stub refuses any `wait`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { REPO_ROOT } from "../tools/project";

const SCRIPT = path.join(REPO_ROOT, ".github/scripts/ecr-findings.sh");
const FIXTURES = path.join(REPO_ROOT, "tests/fixtures/ecr-findings");
const DIGEST = `sha256:${"a".repeat(64)}`;
const NOT_FOUND = "ERROR:An error occurred (ScanNotFoundException) when calling the DescribeImageScanFindings operation: Image scan does not exist for the image";

describe("the scan gate against a stub aws (ecr-findings.sh)", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credlink-scan-"));
    fs.mkdirSync(path.join(dir, "bin"));
    // Answers in turn: each call takes the next answer (the last one repeats); "ERROR:" answers fail like the CLI.
    fs.writeFileSync(
      path.join(dir, "bin", "aws"),
      `#!/bin/bash
echo "$*" >> "${dir}/calls"
case "$*" in
  "ecr describe-image-scan-findings "*) ;;
  *) echo "aws stub: unexpected $*" >&2; exit 252 ;;
esac
n=$(wc -l < "${dir}/calls")
answer="${dir}/answers/$n"; [ -f "$answer" ] || answer="$(ls "${dir}/answers" | sort -n | tail -1)"; answer="${dir}/answers/$(basename "$answer")"
if grep -q '^ERROR:' "$answer"; then sed 's/^ERROR://' "$answer" >&2; exit 254; fi
cat "$answer"
`,
      { mode: 0o755 },
    );
    fs.mkdirSync(path.join(dir, "answers"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const answers = (...list: string[]) =>
    list.forEach((a, i) => fs.writeFileSync(path.join(dir, "answers", String(i + 1)), a.startsWith("ERROR:") ? a : fs.readFileSync(path.join(FIXTURES, `${a}.json`), "utf8")));
  const gate = (env: Record<string, string> = {}, args = ["credlink-dev", DIGEST]) =>
    spawnSync("bash", [SCRIPT, ...args], { env: { PATH: `${path.join(dir, "bin")}:/usr/bin:/bin`, ECR_SCAN_POLL_SECONDS: "0", ...env }, encoding: "utf8" });
  const calls = () => (fs.existsSync(path.join(dir, "calls")) ? fs.readFileSync(path.join(dir, "calls"), "utf8").trim().split("\n") : []);
  const DESCRIBE = `ecr describe-image-scan-findings --repository-name credlink-dev --image-id imageDigest=${DIGEST} --output json`;

  it("GIVEN enhanced scanning ACTIVE with medium and low findings only THEN it passes at once, listing them (and never calls a waiter)", () => {
    answers("enhanced-active-clean");
    const result = gate();
    expect([result.status, calls()]).to.deep.equal([0, [DESCRIBE]]);
    expect(result.stdout).to.include(`scan of credlink-dev@${DIGEST}: ACTIVE; findings by severity: {"MEDIUM":2,"LOW":1}`);
  });

  it("GIVEN enhanced scanning ACTIVE with an active HIGH finding THEN it fails naming the count", () => {
    answers("enhanced-active-high");
    const result = gate();
    expect(result.status).to.equal(1);
    expect(result.stdout).to.include(`::error::credlink-dev@${DIGEST} has 1 critical or high finding(s)`);
  });

  it("GIVEN a CRITICAL finding suppressed in Inspector and a HIGH one closed THEN it passes (a documented exception, a fixed finding)", () => {
    answers("enhanced-active-suppressed");
    expect(gate().status).to.equal(0);
  });

  it("GIVEN basic scanning COMPLETE with a CRITICAL in the summary and no list THEN it fails; COMPLETE with a LOW only passes", () => {
    answers("basic-complete-critical-summary");
    expect(gate().status).to.equal(1);
    fs.rmSync(path.join(dir, "answers"), { recursive: true });
    fs.rmSync(path.join(dir, "calls"));
    fs.mkdirSync(path.join(dir, "answers"));
    answers("basic-complete-clean");
    expect(gate().status).to.equal(0);
  });

  it("GIVEN no scan yet, then PENDING, then IN_PROGRESS, then ACTIVE THEN it waits through each and reads the findings", () => {
    answers(NOT_FOUND, "pending", "in-progress", "enhanced-active-clean");
    const result = gate();
    expect([result.status, calls().length]).to.deep.equal([0, 4]);
    expect(result.stdout.match(/waiting 0s/g)).to.have.length(3);
  });

  it("GIVEN a scan that stays PENDING past the timeout THEN it fails saying so, after polling", () => {
    answers("pending");
    const result = gate({ ECR_SCAN_TIMEOUT_SECONDS: "0" });
    expect(result.status).to.equal(1);
    expect(result.stdout).to.include(`::error::credlink-dev@${DIGEST} was not scanned within 0s (last status PENDING)`);
  });

  it("GIVEN a scan that can't finish (UNSUPPORTED_IMAGE) THEN it fails: the findings can't be known", () => {
    answers("failed");
    const result = gate();
    expect(result.status).to.equal(1);
    expect(result.stdout).to.include("is UNSUPPORTED_IMAGE (The operating system of the image is not supported.)");
  });

  it("GIVEN an error other than a scan not found (access denied) THEN it fails at once, showing it", () => {
    answers("ERROR:An error occurred (AccessDeniedException) when calling the DescribeImageScanFindings operation");
    const result = gate();
    expect([result.status, calls().length]).to.deep.equal([1, 1]);
    expect(result.stderr).to.include("AccessDeniedException");
  });

  it("GIVEN a digest that is not sha256:<64 hex>, or a repository with capitals THEN it refuses before calling aws", () => {
    expect(gate({}, ["credlink-dev", "sha256:abc; rm -rf /"]).status).to.equal(2);
    expect(gate({}, ["Credlink-Dev", DIGEST]).status).to.equal(2);
    expect(calls()).to.deep.equal([]);
  });
});
