/** Per-direction bookkeeping of a TLS connection: record lists, counters, cipher state. */

import type { Direction } from '../tcp/stream-sink';
import { HandshakeReassembler } from './handshake-reassembler';
import { RecordLayer } from './record-layer';
import { hex4 } from '../../../contract/names/versions';
import type { HandshakeTypeEntry, RecordTypeEntry } from '../../../contract/report/tls-summary';

const NO_ENTRIES = Object.freeze([]) as unknown as never[];
const NO_COUNTS: Record<string, number> = Object.freeze({}) as Record<string, number>;

/** Record and handshake-type lists stop growing here (counts keep going). */
export const MAX_LISTED_RECORDS = 2000;

export interface LastRecord {
  contentType: number | null;
  length: number;
  /** an encrypted alert (TLS ≤1.2) */
  encryptedAlert: boolean;
  /** index of that alert in the connection's alert list */
  alertIndex: number | null;
  frame: number;
  time: number;
  /** read with logged keys: nothing left to infer about it */
  decrypted: boolean;
}

export class DirectionState {
  /** the lists and counts below are shared empty ones, never added to, when nothing reads them (`lists` false) */
  readonly records: RecordTypeEntry[];
  recordsTruncated = false;
  readonly recordCounts: Record<string, number>;
  readonly recordVersions: string[];
  readonly handshakeTypes: HandshakeTypeEntry[];

  /** ChangeCipherSpec seen while TLS ≤1.2 rules apply: later handshake/alert records are encrypted */
  cipherActive = false;
  /** cipherActive by a client CCS before any ServerHello from a client offering TLS 1.3: a TLS 1.3 compatibility CCS cannot be ruled out yet */
  cipherActiveUnsure = false;
  /** first encrypted handshake record after CCS (the Finished) seen */
  finished = false;
  finishedTime: number | null = null;

  appRecords = 0;
  appBytes = 0;
  firstAppTime: number | null = null;
  lastRecord: LastRecord | null = null;

  certificates: Uint8Array[] | null = null;
  certificateTime: number | null = null;
  certificatesDropped = 0;

  sslv2Records = 0;
  /** records cut short by the end of the stream (not in `records`) */
  incompleteRecords = 0;

  constructor(
    readonly dir: Direction,
    readonly layer: RecordLayer,
    readonly reassembler: HandshakeReassembler,
    /** false: nothing will read the record and handshake lists and counts (the CLI's table) */
    private readonly lists = true,
  ) {
    // made per direction of every connection only where they are read: ~200 bytes each
    this.records = lists ? [] : NO_ENTRIES;
    this.recordCounts = lists ? {} : NO_COUNTS;
    this.recordVersions = lists ? [] : NO_ENTRIES;
    this.handshakeTypes = lists ? [] : NO_ENTRIES;
    this.versionNumbers = lists ? [] : NO_ENTRIES;
  }

  /** the record versions seen, as numbers (recordVersions holds their hex) */
  private readonly versionNumbers: number[];

  countRecord(type: RecordTypeEntry, version: number): void {
    if (!this.lists) return;
    const key = String(type);
    this.recordCounts[key] = (this.recordCounts[key] ?? 0) + 1;
    if (this.records.length < MAX_LISTED_RECORDS) this.records.push(type);
    else this.recordsTruncated = true;
    if (this.versionNumbers.length < 16 && !this.versionNumbers.includes(version)) {
      this.versionNumbers.push(version);
      this.recordVersions.push(hex4(version));
    }
  }

  /** The latest record of this direction (what close_notify inference looks at): one object, rewritten per record. */
  noteRecord(contentType: number | null, length: number, frame: number, time: number, decrypted: boolean): void {
    const last = (this.lastRecord ??= { contentType, length, encryptedAlert: false, alertIndex: null, frame, time, decrypted });
    last.contentType = contentType;
    last.length = length;
    last.encryptedAlert = false;
    last.alertIndex = null;
    last.frame = frame;
    last.time = time;
    last.decrypted = decrypted;
  }

  listHandshake(type: HandshakeTypeEntry): void {
    if (this.lists && this.handshakeTypes.length < MAX_LISTED_RECORDS) this.handshakeTypes.push(type);
  }

  noteApplicationData(length: number, startTime: number): void {
    this.appRecords++;
    this.appBytes += length;
    if (this.firstAppTime === null) this.firstAppTime = startTime;
  }
}
