/**
 * Frame number → where its bytes are in the capture file. The connection
 * index keeps file offsets, not bytes; this is what lets the UI re-read one
 * frame on demand. 12 bytes per frame (a 1 GB capture of ~1.5 M frames: 18 MB).
 */
export class FrameIndex {
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private highest = 0;

  record(frame: number, fileOffset: number, capturedLength: number): void {
    if (!Number.isInteger(frame) || frame < 1) return;
    if (frame >= this.offsets.length) this.grow(frame + 1);
    this.offsets[frame] = fileOffset;
    this.lengths[frame] = capturedLength;
    if (frame > this.highest) this.highest = frame;
  }

  lookup(frame: number): { fileOffset: number; length: number } | null {
    if (!Number.isInteger(frame) || frame < 1 || frame > this.highest) return null;
    const length = this.lengths[frame];
    const fileOffset = this.offsets[frame];
    // frame numbers are dense from 1; a hole would have offset 0, which no frame's data starts at
    if (fileOffset === 0) return null;
    return { fileOffset, length };
  }

  get frameCount(): number {
    return this.highest;
  }

  private grow(min: number): void {
    let size = this.offsets.length;
    while (size < min) size *= 2;
    const offsets = new Float64Array(size);
    offsets.set(this.offsets);
    const lengths = new Uint32Array(size);
    lengths.set(this.lengths);
    this.offsets = offsets;
    this.lengths = lengths;
  }
}
