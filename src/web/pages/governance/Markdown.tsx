import { Typography } from "@mantine/core";
import type { ComponentProps } from "react";
import ReactMarkdown from "react-markdown";

type HeadingProps = ComponentProps<"h1"> & { node?: unknown };
const shifted = (Tag: "h3" | "h4" | "h5" | "h6") =>
  function Heading({ node: _node, ...props }: HeadingProps) {
    return <Tag {...props} />;
  };

/** The page keeps its one h1: policy headings start at h3 (under the card's h2). */
const components = { h1: shifted("h3"), h2: shifted("h4"), h3: shifted("h5"), h4: shifted("h6"), h5: shifted("h6"), h6: shifted("h6") };

/**
 * Renders policy Markdown. react-markdown builds React elements and never injects HTML; `skipHtml` also drops raw
 * HTML written in the text (instead of showing it escaped), and links only keep safe protocols (its default).
 */
export function Markdown({ text }: { text: string }) {
  return (
    <Typography className="policy-markdown">
      <ReactMarkdown skipHtml components={components}>
        {text}
      </ReactMarkdown>
    </Typography>
  );
}
