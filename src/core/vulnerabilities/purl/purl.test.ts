import { describe, expect, test } from "vitest";
import { componentFromPurl, normalisePackageName, packageFromPurl, packageKey } from "../index";

function ok(purl: string) {
  const r = componentFromPurl(purl);
  if (!r.ok) throw new Error(r.error.message);
  return r.component;
}

describe("purl -> OSV package identity", () => {
  test.each([
    ["pkg:npm/%40angular/core@12.0.0", "npm", "@angular/core", "12.0.0"],
    ["pkg:npm/lodash@4.17.15", "npm", "lodash", "4.17.15"],
    ["pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "Maven", "org.apache.logging.log4j:log4j-core", "2.14.1"],
    ["pkg:golang/github.com/gin-gonic/gin@v1.7.0", "Go", "github.com/gin-gonic/gin", "v1.7.0"],
    ["pkg:pypi/Django_Rest@1.0", "PyPI", "django-rest", "1.0"],
    ["pkg:nuget/Newtonsoft.Json@12.0.1", "NuGet", "Newtonsoft.Json", "12.0.1"],
    ["pkg:cargo/rustls@0.23.13", "crates.io", "rustls", "0.23.13"],
    ["pkg:gem/rails@7.0.0", "RubyGems", "rails", "7.0.0"],
    ["pkg:composer/drupal/core@10.1.0", "Packagist", "drupal/core", "10.1.0"],
    ["pkg:hex/plug@1.0.0", "Hex", "plug", "1.0.0"],
    ["pkg:pub/http@1.0.0", "Pub", "http", "1.0.0"],
    ["pkg:cran/ggplot2@3.4.0", "CRAN", "ggplot2", "3.4.0"],
    ["pkg:hackage/aeson@2.1.0.0", "Hackage", "aeson", "2.1.0.0"],
    ["pkg:deb/debian/openssl@1.1.1n-0+deb11u4?distro=debian-11", "Debian:11", "openssl", "1.1.1n-0+deb11u4"],
    ["pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=bookworm", "Debian:12", "openssl", "3.0.11-1~deb12u2"],
    ["pkg:deb/debian/bash@5.1-2?arch=amd64", "Debian", "bash", "5.1-2"],
    ["pkg:deb/ubuntu/openssl@3.0.2-0ubuntu1.10?distro=ubuntu-22.04", "Ubuntu:22.04:LTS", "openssl", "3.0.2-0ubuntu1.10"],
    ["pkg:deb/ubuntu/curl@8.5.0-2ubuntu10?distro=ubuntu-23.10", "Ubuntu:23.10", "curl", "8.5.0-2ubuntu10"],
    ["pkg:apk/alpine/musl@1.2.4-r2?distro=3.18.4", "Alpine:v3.18", "musl", "1.2.4-r2"],
    ["pkg:apk/alpine/musl@1.2.4-r2?distro=alpine-3.19", "Alpine:v3.19", "musl", "1.2.4-r2"],
    ["pkg:apk/wolfi/glibc@2.38-r1", "Wolfi", "glibc", "2.38-r1"],
    ["pkg:rpm/redhat/openssl@1.1.1k-7.el8?epoch=1&distro=rhel-8.6", "Red Hat", "openssl", "1:1.1.1k-7.el8"],
    ["pkg:rpm/almalinux/java-17-openjdk@17.0.7.0.7-1.el8?epoch=1&distro=almalinux-8.8", "AlmaLinux:8", "java-17-openjdk", "1:17.0.7.0.7-1.el8"],
    ["pkg:rpm/rocky/kernel@4.18.0-477.el8?distro=rocky-8.8", "Rocky Linux:8", "kernel", "4.18.0-477.el8"],
    ["pkg:rpm/opensuse/curl@8.0.1-1.1", "openSUSE", "curl", "8.0.1-1.1"],
    // binary packages are matched under their source package, as distribution advisories name them
    ["pkg:deb/debian/libblkid1@2.29.2-1+deb9u1?arch=amd64&upstream=util-linux&distro=debian-9", "Debian:9", "util-linux", "2.29.2-1+deb9u1"],
    ["pkg:deb/debian/passwd@1:4.5-1.1?upstream=shadow%401%3A4.5-1.1&distro=debian-10.2", "Debian:10", "shadow", "1:4.5-1.1"],
    ["pkg:deb/ubuntu/libpcre3@2:8.39-12ubuntu0.1?arch=amd64&distro=focal&source=pcre3", "Ubuntu:20.04:LTS", "pcre3", "2:8.39-12ubuntu0.1"],
    ["pkg:apk/alpine/libcrypto3@3.1.4-r1?upstream=openssl&distro=3.18.4", "Alpine:v3.18", "openssl", "3.1.4-r1"],
    ["pkg:golang/stdlib@go1.20.1", "Go", "stdlib", "1.20.1"],
    ["pkg:julia/HTTP@1.9.0?uuid=cd3eb016-35fb-5094-929b-558a96fad6f3", "Julia", "HTTP", "1.9.0"],
  ])("%s", (purl, ecosystem, name, version) => {
    expect(ok(purl)).toEqual({ purl, ecosystem, name, version });
  });

  test("an epoch already in the version is not applied twice", () => {
    expect(ok("pkg:rpm/redhat/openssl@1:1.1.1k-7.el8?epoch=1").version).toBe("1:1.1.1k-7.el8");
  });

  test.each([
    ["not-a-purl", "not a valid purl"],
    ["pkg:generic/foo@1.0", 'purl type "generic" has no OSV ecosystem'],
    ["pkg:deb/mint/foo@1.0", 'purl type "deb" with namespace "mint" has no OSV ecosystem'],
    ["pkg:npm/lodash", "purl has no version"],
    ["pkg:apk/alpine", 'purl type "apk" needs the distribution as namespace'],
    ["pkg:rpm/redhat/openssl@1.0?epoch=x", 'epoch qualifier "x" is not a number'],
  ])("%s is rejected with a reason", (purl, reason) => {
    const r = componentFromPurl(purl);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.purl).toBe(purl);
      expect(r.error.message).toContain(reason);
    }
  });

  test("package identity from an advisory purl (no version)", () => {
    expect(packageFromPurl("pkg:maven/com.fasterxml.jackson.core/jackson-databind")).toEqual({
      ecosystem: "Maven",
      name: "com.fasterxml.jackson.core:jackson-databind",
    });
    expect(packageFromPurl("pkg:apk/alpine/openssl?arch=source")).toEqual({ ecosystem: "Alpine", name: "openssl" });
    expect(packageFromPurl("bogus")).toBeUndefined();
  });
});

describe("package name normalisation", () => {
  test("PyPI follows PEP 503", () => {
    expect(normalisePackageName("PyPI", "Friendly.Bard__Lib")).toBe("friendly-bard-lib");
    expect(packageKey("PyPI", "zope.interface")).toBe(packageKey("pypi", "Zope_Interface"));
  });

  test("NuGet, npm and Maven compare case-insensitively; Go module paths do not", () => {
    expect(packageKey("NuGet", "Newtonsoft.Json")).toBe(packageKey("NuGet", "newtonsoft.json"));
    expect(packageKey("Maven", "Org.Example:Lib")).toBe(packageKey("Maven", "org.example:lib"));
    expect(packageKey("Go", "github.com/Sirupsen/logrus")).not.toBe(packageKey("Go", "github.com/sirupsen/logrus"));
  });

  test("release suffixes do not change the package key", () => {
    expect(packageKey("Debian:11", "openssl")).toBe(packageKey("Debian", "openssl"));
    expect(packageKey("Alpine:v3.18", "musl")).toBe(packageKey("alpine", "musl"));
  });
});
