import { type CSSVariablesResolver, createTheme, DEFAULT_THEME } from "@mantine/core";

const darker = (hex: string, factor: number) =>
  `#${[1, 3, 5].map((i) => Math.round(Number.parseInt(hex.slice(i, i + 2), 16) * factor).toString(16).padStart(2, "0")).join("")}`;

/**
 * Text in a colour must reach 4.5:1 (WCAG 2.2 AA 1.4.3) on white and on the light and hover backgrounds of its own
 * colour (shades 1-3). Mantine's text, light-variant and outline colours are too light for that (red 3.3:1, the grey of
 * dimmed text 3.3:1), so each colour's text resolves to its darkest shade darkened further; the hues stay recognisable.
 */
const readableText: Record<string, string> = Object.fromEntries(
  Object.entries(DEFAULT_THEME.colors).map(([name, shades]) => [name, darker(shades[9], ["yellow", "orange", "lime"].includes(name) ? 0.55 : 0.7)]),
);

export const theme = createTheme({
  primaryColor: "indigo",
  // Shade 8 keeps white button text at 4.5:1 or more; autoContrast picks dark text on light filled colours.
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  defaultRadius: "sm",
  focusRing: "auto",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: { fontWeight: "650" },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    "--mantine-color-dimmed": DEFAULT_THEME.colors.gray[7],
    "--mantine-primary-color-light-color": readableText.indigo,
    ...Object.fromEntries(Object.entries(readableText).flatMap(([c, v]) => [
      [`--mantine-color-${c}-text`, v],
      [`--mantine-color-${c}-light-color`, v],
      [`--mantine-color-${c}-outline`, v],
    ])),
  },
  dark: {},
});
