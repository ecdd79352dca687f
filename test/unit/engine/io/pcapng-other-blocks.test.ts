import { describe, expect, it } from 'vitest';
import { PcapngParser } from '../../../../main/engine/io/pcapng';
import { Analyzer } from '../../../../main/engine/model/analyzer';
import { ascii, LINK, patternBytes, PcapngBuilder, SECRETS_TLS_KEY_LOG } from '../../../fixtures/builders';
import { CollectingSink, feed } from '../support/collect';

const KEYLOG = ascii('CLIENT_RANDOM 0102030405060708091011121314151617181920212223242526272829303132 aabbccdd\n');

describe('pcapng: blocks other than packets', () => {
  it('a Decryption Secrets Block reaches sink.secrets with its type, bytes and block offset', () => {
    const b = new PcapngBuilder().section('be').interface({ linkType: LINK.RAW });
    const dsbAt = b.offset;
    b.dsb(SECRETS_TLS_KEY_LOG, KEYLOG).epb({ interfaceId: 0, timestamp: 1n, data: patternBytes(20) });
    const sink = new CollectingSink();
    feed(new PcapngParser(sink), [b.build()]);
    expect(sink.anomalies).toEqual([]);
    expect(sink.secretsBlocks).toEqual([{ secretsType: 0x544c534b, data: KEYLOG, fileOffset: dsbAt }]);
    expect(sink.frames).toHaveLength(1);
  });

  it('the Analyzer keeps decryption secrets (a copy, not a view of the read buffer)', () => {
    const b = new PcapngBuilder().section().dsb(SECRETS_TLS_KEY_LOG, KEYLOG);
    const bytes = b.build();
    const analyzer = new Analyzer();
    feed(new PcapngParser(analyzer), [bytes]);
    bytes.fill(0);
    expect(analyzer.decryptionSecrets).toHaveLength(1);
    expect(analyzer.decryptionSecrets[0].data).toEqual(KEYLOG);
  });

  it('a secrets length larger than the block is a warning, not a read past it', () => {
    const b = new PcapngBuilder().section().dsb(SECRETS_TLS_KEY_LOG, KEYLOG, { lengthField: 5000 });
    const sink = new CollectingSink();
    feed(new PcapngParser(sink), [b.build()]);
    expect(sink.secretsBlocks).toEqual([]);
    expect(sink.codes()).toEqual(['pcapng.bad-secrets-block']);
  });

  it('unknown and custom blocks are skipped with one info anomaly per type; NRB and ISB silently', () => {
    const b = new PcapngBuilder().section().interface({ linkType: LINK.RAW });
    const unknownAt = b.offset;
    b.block(0x12345678, patternBytes(13));
    b.epb({ interfaceId: 0, timestamp: 1n, data: patternBytes(20, 1) });
    b.block(0x12345678, patternBytes(8)); // same type again: not reported twice
    const customAt = b.offset;
    b.custom(ascii('vendor data'));
    const customNoCopyAt = b.offset;
    b.custom(ascii('more'), { copy: false });
    b.nrb([{ ipv4: [192, 0, 2, 1], name: 'example.test' }]);
    b.isb(0, 5n);
    b.epb({ interfaceId: 0, timestamp: 2n, data: patternBytes(20, 2) });
    const sink = new CollectingSink();
    feed(new PcapngParser(sink), [b.build()]);
    expect(sink.frames.map((f) => f.data)).toEqual([patternBytes(20, 1), patternBytes(20, 2)]);
    expect(sink.frames[1].fileOffset).toBe(b.packets[1].dataOffset);
    expect(sink.anomalies.map((a) => [a.code, a.severity, a.fileOffset])).toEqual([
      ['pcapng.skipped-block', 'info', unknownAt],
      ['pcapng.skipped-block', 'info', customAt],
      ['pcapng.skipped-block', 'info', customNoCopyAt],
    ]);
  });
});
