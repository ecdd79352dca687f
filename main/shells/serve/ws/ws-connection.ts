/** One accepted WebSocket on the server: messages in, text/binary out, ping/close handled. */
import type { Duplex } from 'node:stream';
import { encodeClose, encodeFrame, MessageDecoder, OPCODE, ProtocolError } from './frame-codec';

export interface WsHandlers {
  onText(text: string): void;
  onBinary(data: Buffer): void;
  onClose(): void;
}

export class WsConnection {
  private readonly decoder: MessageDecoder;
  private closed = false;

  constructor(
    private readonly socket: Duplex,
    private readonly handlers: WsHandlers,
    maxMessageBytes: number,
  ) {
    this.decoder = new MessageDecoder({ expectMasked: true, maxMessageBytes });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.gone());
    socket.on('error', () => this.gone());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  sendText(text: string): void {
    if (!this.closed) this.socket.write(encodeFrame(OPCODE.text, Buffer.from(text, 'utf8')));
  }

  close(code = 1000, reason = ''): void {
    if (this.closed) return;
    this.closed = true;
    // end() (not destroy) so the close frame is flushed before the FIN
    this.socket.end(encodeClose(code, reason));
    this.handlers.onClose();
  }

  private receive(chunk: Buffer): void {
    let messages;
    try {
      messages = this.decoder.push(chunk);
    } catch (err) {
      this.close(err instanceof ProtocolError ? err.closeCode : 1002, 'protocol error');
      return;
    }
    for (const m of messages) {
      if (this.closed) return;
      if (m.type === 'text') this.handlers.onText(m.data);
      else if (m.type === 'binary') this.handlers.onBinary(m.data);
      else if (m.type === 'ping') this.socket.write(encodeFrame(OPCODE.pong, m.data));
      else if (m.type === 'close') this.close(1000);
    }
  }

  private gone(): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers.onClose();
    this.socket.destroy();
  }
}
