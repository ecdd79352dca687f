/**
 * The TLS side of connections whose streams ended, kept small: the live analyzer (a parse
 * tree) is dropped for its summary as deflated JSON, or for the table's few facts. A capture
 * of 100,000 handshakes then keeps ~2 KB each.
 */
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from 'node:zlib';
import type { TcpConnection } from '../tcp/connection';
import type { TlsConnectionAnalyzer } from '../tls/connection';
import type { TableTlsFacts, TlsSummary } from '../../../contract/report/tls-summary';

const FREEZE_OPTIONS = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } };

export class FrozenTls {
  /** TLS summaries of connections whose streams ended, deflated JSON (null: no TLS) */
  private readonly summaries = new WeakMap<TcpConnection, Buffer | null>();
  /** table only: the TLS facts of connections whose streams ended (their analyzers are dropped) */
  private readonly facts = new WeakMap<TcpConnection, TableTlsFacts | null>();
  /** ended connections whose TLS analyzer still holds records waiting for keys: frozen once it lets go */
  private readonly freezeLater = new Map<TlsConnectionAnalyzer, TcpConnection>();

  /** `tableOnly`: keep the table's facts, not the summary */
  constructor(private readonly tableOnly: boolean) {}

  /** The connection is dealt with again when its analyzer lets go of its held records (released). */
  holdUntilReleased(tls: TlsConnectionAnalyzer, connection: TcpConnection): void {
    this.freezeLater.set(tls, connection);
  }

  /** The connection waiting on this analyzer's held records, no longer waiting. */
  released(tls: TlsConnectionAnalyzer): TcpConnection | undefined {
    const connection = this.freezeLater.get(tls);
    if (connection) this.freezeLater.delete(tls);
    return connection;
  }

  freeze(connection: TcpConnection): void {
    const tls = connection.consumer as TlsConnectionAnalyzer | null;
    if (tls?.holding) {
      this.holdUntilReleased(tls, connection);
      return;
    }
    if (this.tableOnly) {
      this.facts.set(connection, tls?.tableFacts() ?? null);
    } else {
      const summary = liveTlsSummary(connection);
      // brotli at quality 1 packs ~3x, twice as fast as deflate; zlib hands back a view of a
      // larger chunk, so copy it to its own small buffer
      this.summaries.set(connection, summary ? Buffer.from(brotliCompressSync(JSON.stringify(summary), FREEZE_OPTIONS)) : null);
    }
    connection.releaseConsumer();
  }

  /** Whether TLS was seen on the connection (cheap: no summary is built). */
  hasTls(connection: TcpConnection): boolean {
    if (this.facts.has(connection)) return this.facts.get(connection) !== null;
    if (this.summaries.has(connection)) return this.summaries.get(connection) !== null;
    return (connection.consumer as TlsConnectionAnalyzer | null)?.detected ?? false;
  }

  /** The summary as frozen, or built now from the live analyzer; null: no TLS. */
  summary(connection: TcpConnection): TlsSummary | null {
    if (!this.summaries.has(connection)) return liveTlsSummary(connection);
    const frozen = this.summaries.get(connection);
    if (!frozen) return null;
    const summary = JSON.parse(brotliDecompressSync(frozen).toString('utf8')) as TlsSummary;
    // a RST may follow the end of both streams; the TCP layer's times are the live ones
    summary.timings.rst = (connection.rstFromClient ?? connection.rstFromServer)?.time ?? summary.timings.rst;
    return summary;
  }

  /** The table's TLS facts; null: no TLS. */
  tableFacts(connection: TcpConnection): TableTlsFacts | null {
    if (this.facts.has(connection)) return this.facts.get(connection)!;
    if (this.summaries.has(connection)) {
      // a frozen connection kept its summary, not its analyzer
      const frozen = this.summaries.get(connection);
      return frozen ? (JSON.parse(brotliDecompressSync(frozen).toString('utf8')) as TableTlsFacts) : null;
    }
    return (connection.consumer as TlsConnectionAnalyzer | null)?.tableFacts() ?? null;
  }

  /** Drops what was kept of a connection that has been reported. */
  forget(connection: TcpConnection): void {
    this.summaries.delete(connection);
    this.facts.delete(connection);
  }
}

function liveTlsSummary(connection: TcpConnection): TlsSummary | null {
  const tls = connection.consumer as TlsConnectionAnalyzer | null;
  if (!tls) return null;
  return tls.summary({
    finFromClient: connection.finFromClient?.time,
    finFromServer: connection.finFromServer?.time,
    rstTime: (connection.rstFromClient ?? connection.rstFromServer)?.time,
    tcpStart: connection.start,
  });
}
