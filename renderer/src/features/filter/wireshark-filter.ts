/**
 * The Wireshark display filters that show the same connection: by stream
 * index (our connection ids are numbered like tshark's tcp.stream) and by
 * addresses and ports (Wireshark's conversation-filter form, which survives
 * re-captures where the stream numbers differ).
 */
import { splitEndpoint } from '../../../../contract/filter/flow-filter';

export interface WiresharkFilters {
  stream: string;
  conversation: string;
}

export function wiresharkFilters(connection: { id: number; client: string; server: string }): WiresharkFilters {
  return { stream: `tcp.stream eq ${connection.id}`, conversation: conversationFilter(connection.client, connection.server) };
}

function conversationFilter(client: string, server: string): string {
  const a = splitEndpoint(client);
  const b = splitEndpoint(server);
  const field = (host: string) => (host.includes(':') ? 'ipv6.addr' : 'ip.addr');
  const parts = [`${field(a.host)} == ${a.host}`];
  if (a.port !== null) parts.push(`tcp.port == ${a.port}`);
  parts.push(`${field(b.host)} == ${b.host}`);
  if (b.port !== null) parts.push(`tcp.port == ${b.port}`);
  return parts.join(' && ');
}
