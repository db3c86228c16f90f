/** A notification as the delivery channels see it. */
export type OutgoingNotification = {
  id: string;
  title: string;
  body: string | null;
  link: string | null;
  createdAt: Date;
};

export type EmailMessage = { subject: string; text: string };

function absolute(link: string | null, publicUrl: string | undefined): string | null {
  if (!link) return null;
  if (/^https?:\/\//.test(link)) return link;
  return publicUrl ? `${publicUrl}${link.startsWith("/") ? "" : "/"}${link}` : link;
}

/** One notification as a plain-text e-mail (no HTML: nothing in a record can become markup in a mail client). */
export function emailForNotification(n: OutgoingNotification, publicUrl?: string): EmailMessage {
  const link = absolute(n.link, publicUrl);
  const lines = [n.title, "", ...(n.body ? [n.body, ""] : []), ...(link ? [`Open in Vigil: ${link}`, ""] : [])];
  lines.push("You receive this because e-mail notifications are on in your Vigil account settings.");
  return { subject: `[Vigil] ${n.title}`, text: lines.join("\n") };
}

/** Several notifications of one day as one digest e-mail, oldest first. */
export function digestEmail(items: OutgoingNotification[], day: string, publicUrl?: string): EmailMessage {
  const sorted = [...items].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const lines = [`${sorted.length} notification${sorted.length === 1 ? "" : "s"} in Vigil (${day}):`, ""];
  for (const n of sorted) {
    lines.push(`- ${n.title}`);
    if (n.body) lines.push(`  ${n.body.replace(/\n/g, "\n  ")}`);
    const link = absolute(n.link, publicUrl);
    if (link) lines.push(`  ${link}`);
  }
  lines.push("", "You receive this daily digest because you chose it in your Vigil account settings.");
  return { subject: `[Vigil] Daily digest ${day}: ${sorted.length} notification${sorted.length === 1 ? "" : "s"}`, text: lines.join("\n") };
}

/** The JSON a webhook receives for one notification. */
export function webhookEvent(n: OutgoingNotification, recipient: { email: string; role: string }, publicUrl?: string) {
  return {
    type: "notification.created",
    id: n.id,
    createdAt: n.createdAt.toISOString(),
    recipient,
    title: n.title,
    body: n.body,
    link: absolute(n.link, publicUrl),
  };
}
