import { AppShell, Avatar, Burger, Group, Menu, NavLink, ScrollArea, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { IconChevronDown, IconLogout, IconShieldCheck, IconUserCircle } from "@tabler/icons-react";
import { useMemo } from "react";
import { Link, Outlet, useLocation } from "react-router";
import { usePortalInstallations } from "../api/queries";
import { isCustomer, useSession, useSignOut } from "../auth/session";
import { roleLabels } from "../components/format";
import { PRODUCT_NAME } from "../components/Page";
import { NotificationBell } from "../pages/incidents/NotificationBell";
import { isActive, type NavItem, portalNavigation, visibleItems, workspaceNavigation } from "./navigation";

const accountItem: NavItem = { label: "Account", to: "/account", icon: IconUserCircle };

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");
}

/**
 * The navigation as a rail of icons (between the phone breakpoint and 1280 px): each page's name is its link's
 * accessible name and a tooltip; a section's icon opens a menu of its pages.
 */
function NavIcons({ items, pathname }: { items: NavItem[]; pathname: string }) {
  return (
    <>
      {items.map((item) => {
        const active = isActive(item, pathname);
        const Icon = item.icon;
        const icon = Icon ? <Icon size={22} stroke={1.6} aria-hidden /> : <Text fw={700}>{item.label[0]}</Text>;
        if (!item.children) {
          return (
            <Tooltip key={item.label} label={item.label} position="right" withArrow>
              <NavLink component={Link} to={item.to} aria-label={item.label} leftSection={icon} active={active} aria-current={active ? "page" : undefined} className="nav-icon" />
            </Tooltip>
          );
        }
        return (
          <Menu key={item.label} position="right-start" trigger="click-hover" openDelay={100} closeDelay={200} withinPortal>
            <Menu.Target>
              <NavLink component="button" type="button" aria-label={item.label} leftSection={icon} active={active} className="nav-icon" />
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{item.label}</Menu.Label>
              {item.children.map((child) => {
                const childActive = isActive(child, pathname, true);
                return (
                  <Menu.Item key={child.to} component={Link} to={child.to} aria-current={childActive ? "page" : undefined} fw={childActive ? 600 : undefined}>
                    {child.label}
                  </Menu.Item>
                );
              })}
            </Menu.Dropdown>
          </Menu>
        );
      })}
    </>
  );
}

function NavItems({ items, pathname, onNavigate }: { items: NavItem[]; pathname: string; onNavigate: () => void }) {
  return (
    <>
      {items.map((item) => {
        const active = isActive(item, pathname);
        const Icon = item.icon;
        const leftSection = Icon ? <Icon size={18} stroke={1.6} aria-hidden /> : undefined;
        if (!item.children) {
          return (
            <NavLink
              key={item.label}
              component={Link}
              to={item.to}
              onClick={onNavigate}
              label={item.label}
              leftSection={leftSection}
              active={active}
              aria-current={active ? "page" : undefined}
            />
          );
        }
        // A section with pages: the section link opens its first page; its pages are listed while it is open.
        return (
          <div key={item.label}>
            <NavLink component={Link} to={item.to} onClick={onNavigate} label={item.label} leftSection={leftSection} fw={active ? 600 : undefined} />
            {active && (
              <div>
                {item.children.map((child) => {
                  const childActive = isActive(child, pathname, true);
                  return (
                    <NavLink
                      key={child.to}
                      component={Link}
                      to={child.to}
                      onClick={onNavigate}
                      label={child.label}
                      active={childActive}
                      aria-current={childActive ? "page" : undefined}
                      pl={44}
                    />
                  );
                })}
              </div>
            )}
          </div>
        );
      })}
    </>
  );
}

function UserMenu() {
  const { user } = useSession();
  const signOut = useSignOut();
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton className="user-menu-button">
          <Group gap="xs" wrap="nowrap">
            <Avatar color="indigo" radius="xl" size={32} aria-hidden>
              {initials(user.name)}
            </Avatar>
            <div className="user-menu-text">
              <Text size="sm" fw={600} lh={1.2}>
                {user.name}
              </Text>{" "}
              <Text size="xs" c="dimmed" lh={1.2}>
                {roleLabels[user.role]}
              </Text>
            </div>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={16} aria-hidden />}>
          Account
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void signOut()}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The signed-in frame: header with product and user menu, navigation by domain, and the page. */
export function AppLayout() {
  const { user } = useSession();
  const customer = isCustomer(user);
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  // Below the "sm" breakpoint a closed navigation is only moved off-screen; hide it from keyboard and screen readers too.
  const smallScreen = useMediaQuery("(max-width: 47.99em)", false, { getInitialValueInEffect: false });
  const navigationHidden = smallScreen === true && !opened;
  // From the phone breakpoint up to 1280 px the navigation is a rail of icons, leaving the width to the page.
  const railed = useMediaQuery("(min-width: 48em) and (max-width: 79.99em)", false, { getInitialValueInEffect: false }) === true;
  const portal = usePortalInstallations(customer);

  const items = useMemo(() => {
    if (!customer) return visibleItems(workspaceNavigation, user);
    const models = [...new Set((portal.data ?? []).map((i) => i.deviceModel))].sort();
    return portalNavigation(models);
  }, [customer, user, portal.data]);

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: railed ? 68 : 260, breakpoint: "sm", collapsed: { mobile: !opened } }} padding={{ base: "sm", sm: "lg" }}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? "Close navigation" : "Open navigation"} aria-expanded={opened} aria-controls="main-navigation" />
            <Link to="/" className="brand-link" aria-label={`${PRODUCT_NAME} home`}>
              <Group gap={6} wrap="nowrap">
              <IconShieldCheck size={26} color="var(--mantine-color-indigo-7)" aria-hidden />
              <Text fw={700} fz={20} c="indigo.8">
                {PRODUCT_NAME}
              </Text>
              {customer && (
                <Text size="sm" c="dimmed" visibleFrom="xs">
                  Customer portal
                </Text>
              )}
              </Group>
            </Link>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar
        p="xs"
        id="main-navigation"
        component="nav"
        aria-label="Main navigation"
        inert={navigationHidden}
        style={navigationHidden ? { visibility: "hidden" } : undefined}
      >
        <AppShell.Section grow component={ScrollArea}>
          {railed ? <NavIcons items={items} pathname={pathname} /> : <NavItems items={items} pathname={pathname} onNavigate={close} />}
        </AppShell.Section>
        <AppShell.Section>
          {railed ? (
            <NavIcons items={[accountItem]} pathname={pathname} />
          ) : (
            <NavLink component={Link} to="/account" label="Account" leftSection={<IconUserCircle size={18} stroke={1.6} aria-hidden />} active={pathname === "/account"} aria-current={pathname === "/account" ? "page" : undefined} onClick={close} />
          )}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} bg="var(--mantine-color-gray-0)">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
