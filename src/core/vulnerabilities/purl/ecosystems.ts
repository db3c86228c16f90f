/**
 * purl type (and, for distribution packages, namespace) -> OSV ecosystem.
 * https://github.com/package-url/purl-spec types and the OSV ecosystem list.
 */
const BY_TYPE: Record<string, string> = {
  npm: "npm",
  pypi: "PyPI",
  maven: "Maven",
  golang: "Go",
  cargo: "crates.io",
  nuget: "NuGet",
  gem: "RubyGems",
  composer: "Packagist",
  hex: "Hex",
  pub: "Pub",
  cran: "CRAN",
  hackage: "Hackage",
  swift: "SwiftURL",
  conan: "ConanCenter",
  bitnami: "Bitnami",
  githubactions: "GitHub Actions",
  julia: "Julia",
  opam: "opam",
};

const DEB_VENDORS: Record<string, string> = { debian: "Debian", ubuntu: "Ubuntu" };

const APK_VENDORS: Record<string, string> = {
  alpine: "Alpine",
  alpinelinux: "Alpine",
  wolfi: "Wolfi",
  chainguard: "Chainguard",
  minimos: "MinimOS",
  alpaquita: "Alpaquita",
};

const RPM_VENDORS: Record<string, string> = {
  redhat: "Red Hat",
  rhel: "Red Hat",
  almalinux: "AlmaLinux",
  alma: "AlmaLinux",
  rocky: "Rocky Linux",
  "rocky-linux": "Rocky Linux",
  rockylinux: "Rocky Linux",
  suse: "SUSE",
  sles: "SUSE",
  opensuse: "openSUSE",
  mageia: "Mageia",
  openeuler: "openEuler",
  azurelinux: "Azure Linux",
  mariner: "Azure Linux",
  photon: "Photon OS",
};

/** The OSV ecosystem (without release) for a purl type and namespace, or undefined if OSV has none. */
export function ecosystemForPurl(type: string, namespace: string | undefined): string | undefined {
  const t = type.toLowerCase();
  const ns = (namespace ?? "").toLowerCase();
  if (t === "deb") return DEB_VENDORS[ns];
  if (t === "apk") return APK_VENDORS[ns];
  if (t === "rpm") return RPM_VENDORS[ns];
  return BY_TYPE[t];
}

const DEBIAN_CODENAMES: Record<string, string> = {
  hamm: "2",
  slink: "2.1",
  potato: "2.2",
  woody: "3.0",
  sarge: "3.1",
  etch: "4",
  lenny: "5",
  squeeze: "6",
  wheezy: "7",
  jessie: "8",
  stretch: "9",
  buster: "10",
  bullseye: "11",
  bookworm: "12",
  trixie: "13",
  forky: "14",
};

const UBUNTU_CODENAMES: Record<string, string> = {
  trusty: "14.04",
  xenial: "16.04",
  bionic: "18.04",
  focal: "20.04",
  jammy: "22.04",
  kinetic: "22.10",
  lunar: "23.04",
  mantic: "23.10",
  noble: "24.04",
  oracular: "24.10",
  plucky: "25.04",
  questing: "25.10",
};

/**
 * The OSV release suffix selected by a purl `distro` qualifier, e.g.
 * Debian "debian-11" / "bullseye" -> "11"; Alpine "3.18.2" / "alpine-3.18" -> "v3.18";
 * Ubuntu "ubuntu-22.04" -> "22.04:LTS"; RPM families "rhel-8.6" / "almalinux-9.2" -> "8" / "9".
 * Red Hat ecosystems are scoped by CPE-derived product streams, which a distro qualifier
 * cannot name, so no suffix is derived for them.
 */
export function releaseFromDistro(ecosystem: string, distro: string | undefined): string | undefined {
  if (!distro) return undefined;
  const d = distro.trim().toLowerCase();
  const version = /(\d+(?:\.\d+)*)/.exec(d)?.[1];
  switch (ecosystem) {
    case "Debian": {
      if (DEBIAN_CODENAMES[d]) return DEBIAN_CODENAMES[d];
      const codename = d.replace(/^debian-/, "");
      if (DEBIAN_CODENAMES[codename]) return DEBIAN_CODENAMES[codename];
      if (codename === "sid" || codename === "unstable") return "sid";
      return version?.split(".")[0];
    }
    case "Ubuntu": {
      const m = /(\d{2})\.(\d{2})/.exec(UBUNTU_CODENAMES[d.replace(/^ubuntu-/, "")] ?? d);
      if (!m) return undefined;
      const lts = m[2] === "04" && Number(m[1]) % 2 === 0;
      return lts ? `${m[1]}.${m[2]}:LTS` : `${m[1]}.${m[2]}`;
    }
    case "Alpine": {
      if (d === "edge") return "edge";
      const parts = version?.split(".");
      return parts && parts.length >= 2 ? `v${parts[0]}.${parts[1]}` : undefined;
    }
    case "Red Hat":
      return undefined;
    case "AlmaLinux":
    case "Rocky Linux":
    case "Mageia":
    case "Azure Linux":
      return version?.split(".")[0];
    case "Photon OS":
    case "openEuler":
      return version;
    default:
      return undefined;
  }
}
