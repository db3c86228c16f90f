import { expect, test } from "vitest";
import { deviceOf } from "./device-name";

test("a session's device is named by browser, major version and system", () => {
  expect(deviceOf("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("Firefox 133 on Windows");
  expect(deviceOf("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.85 Safari/537.36")).toBe("Chrome 131 on Linux");
  expect(deviceOf("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86")).toBe(
    "Edge 131 on Windows",
  );
  expect(deviceOf("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")).toBe(
    "Safari 18 on iOS",
  );
  expect(deviceOf("curl/8.11.0")).toBe("curl/8.11.0");
  expect(deviceOf(null)).toBe("Unknown device");
});
