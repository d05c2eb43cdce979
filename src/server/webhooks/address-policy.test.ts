import { describe, expect, it } from "vitest";
import { classifyAddress, refusedAddress } from "./address-policy";

describe("webhook target addresses", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["fd00:ec2::254", "private"],
    ["::ffff:10.0.0.1", "private"],
    ["64:ff9b::192.168.0.1", "private"],
    ["169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["0.0.0.0", "reserved"],
    ["::", "reserved"],
    ["224.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["2001:db8::1", "reserved"],
  ])("%s is %s", (address, cls) => {
    expect(classifyAddress(address)).toBe(cls);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])("%s is public", (address) => {
    expect(classifyAddress(address)).toBeNull();
  });

  it("refuses non-public addresses unless allowed; development allows loopback only", () => {
    const strict = { allowPrivate: false, allowLoopback: false };
    expect(refusedAddress("127.0.0.1", strict)).toBe("127.0.0.1 is a loopback address");
    expect(refusedAddress("93.184.216.34", strict)).toBeNull();
    expect(refusedAddress("127.0.0.1", { allowPrivate: false, allowLoopback: true })).toBeNull();
    expect(refusedAddress("10.0.0.1", { allowPrivate: false, allowLoopback: true })).toBe("10.0.0.1 is a private address");
    expect(refusedAddress("169.254.169.254", { allowPrivate: true, allowLoopback: false })).toBeNull();
  });
});
