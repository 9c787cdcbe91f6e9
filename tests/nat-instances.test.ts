/**
 * NAT instances after a reboot: the user data (which cloud-init runs once) only installs the set-up as a systemd unit
 * that runs at every boot, and a health check. The set-up script itself is run here, twice and after a simulated
 * reboot, against stub commands (ip, iptables, sysctl, aws, curl for IMDS): it must restore what a reboot loses and
 * never add anything twice. The health check is run against a broken instance: after three failures it marks itself
 * Unhealthy. The old user data (first boot only, `iptables -A` unconditionally) fails every test here.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import { NAT_CHECK_TIMER, NAT_SETUP_UNIT, natUserData } from "../components/network/nat-instances";

const ENI = "eni-0123456789abcdef0";
const CIDR = "10.30.0.0/16";
const PRIMARY_MAC = "0a:00:00:00:00:01";
const ENI_MAC = "0a:00:00:00:00:02";

/** The body of the heredoc `cat > <file> <<'<marker>'` in the user data. */
function heredoc(userData: string, file: string): string {
  const match = new RegExp(`^cat > ${file.replace(/[.]/g, "\\.")} <<'(\\w+)'\\n([\\s\\S]*?)^\\1$`, "m").exec(userData);
  if (!match) throw new Error(`the user data does not write ${file}`);
  return match[2];
}

/** Stub commands keeping the kernel's and EC2's state in files under `dir`. */
function stubs(dir: string): string {
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  const state = path.join(dir, "state");
  fs.mkdirSync(state, { recursive: true });
  const write = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/bash\nS="${state}"\n${body}\n`, { mode: 0o755 });
  write(
    "curl",
    `url="\${@: -1}"
case "$url" in
  */api/token) echo TOKEN ;;
  */meta-data/instance-id) echo i-0abc ;;
  */meta-data/network/interfaces/macs/) echo "${PRIMARY_MAC}/"; [ -f "$S/attached" ] && echo "${ENI_MAC}/" ;;
  */macs/${PRIMARY_MAC}/interface-id) echo eni-primary ;;
  */macs/${ENI_MAC}/interface-id) echo ${ENI} ;;
  https://ec2.*) [ -f "$S/no-egress" ] && exit 28; exit 0 ;;
  *) echo "curl stub: unexpected $url" >&2; exit 22 ;;
esac`,
  );
  write("aws", `echo "$*" >> "$S/aws.log"; case "$*" in *attach-network-interface*) touch "$S/attached" ;; esac`);
  write("dnf", `echo "$*" >> "$S/dnf.log"`);
  write(
    "sysctl",
    `case "$1" in
  -w) echo "\${2#*=}" > "$S/ip_forward" ;;
  -n) cat "$S/ip_forward" 2>/dev/null || echo 0 ;;
esac`,
  );
  write(
    "iptables",
    `[ "$1" = "-t" ] && shift 2
op="$1"; shift
case "$op" in
  -C) grep -qxF -- "$*" "$S/nat" 2>/dev/null ;;
  -A) echo "$*" >> "$S/nat" ;;
  -F) : ;;
esac`,
  );
  write(
    "ip",
    `case "$*" in
  "-o -4 route show default") echo "default via 10.30.0.1 dev ens5 proto dhcp src 10.30.0.10 metric 512" ;;
  "-o -4 route show default dev ens5") echo "default via 10.30.0.1 dev ens5 proto dhcp src 10.30.0.10 metric 512" ;;
  "-o link show")
    echo "1: lo: <LOOPBACK,UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00"
    echo "2: ens5: <BROADCAST,MULTICAST,UP> mtu 9001 qdisc mq state UP mode DEFAULT group default qlen 1000\\    link/ether ${PRIMARY_MAC} brd ff:ff:ff:ff:ff:ff"
    [ -f "$S/attached" ] && echo "3: ens6: <BROADCAST,MULTICAST,UP> mtu 9001 qdisc mq state UP mode DEFAULT group default qlen 1000\\    link/ether ${ENI_MAC} brd ff:ff:ff:ff:ff:ff" ;;
  "-4 addr show dev ens6") echo "    inet 10.30.0.20/24 brd 10.30.0.255 scope global dynamic ens6" ;;
  "route replace "*) shift 2; echo "$*" > "$S/route" ;;
  "-4 route show ${CIDR}") cat "$S/route" 2>/dev/null ;;
  *) echo "ip stub: unexpected $*" >&2; exit 1 ;;
esac`,
  );
  return state;
}

describe("NAT instances: the set-up at every boot", () => {
  const userData = natUserData(ENI, "us-east-1", CIDR);
  let dir: string;
  let state: string;
  const run = (script: string) => {
    const file = path.join(dir, "script.sh");
    fs.writeFileSync(file, script, { mode: 0o755 });
    return spawnSync("bash", [file], {
      env: { PATH: `${path.join(dir, "bin")}:/usr/bin:/bin`, CREDLINK_NAT_STATE_DIR: path.join(dir, "run"), CREDLINK_NAT_SYSCTL_FILE: path.join(dir, "sysctl.conf") },
      encoding: "utf8",
    });
  };
  const read = (file: string) => (fs.existsSync(path.join(state, file)) ? fs.readFileSync(path.join(state, file), "utf8") : "");
  /** What a reboot loses: the runtime kernel state (rules, routes, forwarding). The ENI stays attached. */
  const reboot = () => ["nat", "route", "ip_forward"].forEach((f) => fs.rmSync(path.join(state, f), { force: true }));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "credlink-nat-"));
    state = stubs(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("GIVEN the user data THEN it installs the set-up and the check as units, enabled (every boot) and started", () => {
    const setupUnit = heredoc(userData, `/etc/systemd/system/${NAT_SETUP_UNIT}`);
    expect(setupUnit).to.match(/^Type=oneshot$/m);
    expect(setupUnit).to.match(/^ExecStart=\/usr\/local\/sbin\/credlink-nat-setup$/m);
    expect(setupUnit).to.match(/^After=network-online\.target$/m);
    expect(setupUnit).to.match(/^\[Install\]\nWantedBy=multi-user\.target$/m);
    expect(heredoc(userData, `/etc/systemd/system/${NAT_CHECK_TIMER}`)).to.match(/^OnUnitActiveSec=1min$/m);
    const lines = userData.split("\n");
    expect(lines).to.include(`systemctl enable ${NAT_SETUP_UNIT} ${NAT_CHECK_TIMER}`);
    expect(lines).to.include(`systemctl start --no-block ${NAT_SETUP_UNIT} ${NAT_CHECK_TIMER}`);
    // Nothing of the NAT itself runs from user data (outside the files it writes): only the installation.
    const outside = userData.replace(/^cat > \S+ <<'(\w+)'\n[\s\S]*?^\1$/gm, "").split("\n");
    expect(outside.filter((l) => /^(iptables|sysctl|ip |aws )/.test(l))).to.deep.equal([]);
  });

  it("GIVEN a first boot THEN the set-up attaches the ENI, turns forwarding on, routes the VPC back through it and masquerades once", () => {
    const result = run(heredoc(userData, "/usr/local/sbin/credlink-nat-setup"));
    expect(result.status, result.stderr).to.equal(0);
    expect(read("aws.log").trim().split("\n")).to.deep.equal([`ec2 attach-network-interface --region us-east-1 --network-interface-id ${ENI} --instance-id i-0abc --device-index 1`]);
    expect(read("ip_forward").trim()).to.equal("1");
    expect(fs.readFileSync(path.join(dir, "sysctl.conf"), "utf8")).to.equal("net.ipv4.ip_forward = 1\n");
    expect(read("route").trim()).to.equal(`${CIDR} via 10.30.0.1 dev ens6`);
    expect(read("nat").trim().split("\n")).to.deep.equal([`POSTROUTING -o ens5 -s ${CIDR} -j MASQUERADE`]);
  });

  it("GIVEN a reboot (the ENI still attached, the kernel state gone) THEN the set-up restores forwarding, the route and the rule without attaching again", () => {
    const setup = heredoc(userData, "/usr/local/sbin/credlink-nat-setup");
    expect(run(setup).status).to.equal(0);
    reboot();
    const again = run(setup);
    expect(again.status, again.stderr).to.equal(0);
    expect(read("aws.log").trim().split("\n")).to.have.length(1);
    expect([read("ip_forward").trim(), read("route").trim(), read("nat").trim()]).to.deep.equal(["1", `${CIDR} via 10.30.0.1 dev ens6`, `POSTROUTING -o ens5 -s ${CIDR} -j MASQUERADE`]);
  });

  it("GIVEN a second run without a reboot THEN nothing is added twice (idempotent)", () => {
    const setup = heredoc(userData, "/usr/local/sbin/credlink-nat-setup");
    run(setup);
    expect(run(setup).status).to.equal(0);
    expect(read("nat").trim().split("\n")).to.have.length(1);
    expect(read("aws.log").trim().split("\n")).to.have.length(1);
  });

  it("GIVEN a healthy NAT THEN the check passes; GIVEN the rule lost THEN the third failed check marks the instance Unhealthy", () => {
    run(heredoc(userData, "/usr/local/sbin/credlink-nat-setup"));
    const check = heredoc(userData, "/usr/local/sbin/credlink-nat-check");
    expect(run(check).status).to.equal(0);
    fs.writeFileSync(path.join(state, "nat"), "");
    const statuses = [run(check).status, run(check).status];
    expect(statuses).to.deep.equal([1, 1]);
    expect(read("aws.log")).to.not.include("set-instance-health");
    expect(run(check).status).to.equal(1);
    expect(read("aws.log").trim().split("\n").pop()).to.equal("autoscaling set-instance-health --region us-east-1 --instance-id i-0abc --health-status Unhealthy --no-should-respect-grace-period");
  });

  it("GIVEN no egress out of the primary interface THEN the check fails too (EC2's own checks would pass)", () => {
    run(heredoc(userData, "/usr/local/sbin/credlink-nat-setup"));
    fs.writeFileSync(path.join(state, "no-egress"), "");
    expect(run(heredoc(userData, "/usr/local/sbin/credlink-nat-check")).status).to.equal(1);
  });
});
