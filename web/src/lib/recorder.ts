/**
 * Records self-contained segments: the MediaRecorder is stopped and restarted per segment, since with a
 * timeslice only the first chunk carries the container's header.
 */

export const SEGMENT_MS = 4000;

/** WebM where the browser records it (Chrome, Edge, Firefox); MP4 with H.264 + AAC on Safari, which
 * records nothing else (the recording worker joins either without re-encoding). */
export function pickMimeType(): string {
  const wanted = [
    "video/webm;codecs=vp8,opus",
    "video/webm;codecs=vp9,opus",
    "video/webm",
    "video/mp4;codecs=avc1.42E01E,mp4a.40.2",
    "video/mp4",
  ];
  for (const t of wanted) if (typeof MediaRecorder !== "undefined" && MediaRecorder.isTypeSupported(t)) return t;
  return "video/webm";
}

/** The container of a recorder MIME type ("video/mp4;codecs=..." -> "video/mp4"): what the API accepts. */
function containerOf(mimeType: string): string {
  return mimeType.split(";")[0].trim();
}

/** Audio processing off: the analysis wants the voice as it is (pitch, loudness, pauses). */
export function mediaConstraints(videoId?: string, audioId?: string): MediaStreamConstraints {
  return {
    video: {
      ...(videoId ? { deviceId: { exact: videoId } } : {}),
      width: { ideal: 640 },
      height: { ideal: 360 },
      frameRate: { ideal: 15 },
    },
    audio: {
      ...(audioId ? { deviceId: { exact: audioId } } : {}),
      echoCancellation: false,
      noiseSuppression: false,
      autoGainControl: false,
      channelCount: 1,
    },
  };
}

export interface RecordedSegment {
  blob: Blob;
  /** Seconds from the interview's start (the session timeline). */
  offsetS: number;
  durationS: number;
  contentType: string;
}

export class SegmentRecorder {
  private recorder: MediaRecorder | null = null;
  private running = false;
  private timer: number | undefined;
  private stopped: Promise<void> = Promise.resolve();
  readonly mimeType = pickMimeType();
  /** The segments' content type: the container of `mimeType`, what the API accepts. */
  readonly contentType = containerOf(this.mimeType);

  constructor(
    private stream: MediaStream,
    /** Epoch ms of the interview start: offsets survive a reload. */
    private timelineOrigin: number,
    private onSegment: (s: RecordedSegment) => void,
    private segmentMs = SEGMENT_MS,
  ) {}

  get isRecording(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startOne();
  }

  private startOne(): void {
    const chunks: Blob[] = [];
    const rec = new MediaRecorder(this.stream, {
      mimeType: this.mimeType,
      videoBitsPerSecond: 600_000,
      audioBitsPerSecond: 96_000,
    });
    const startedAt = Date.now();
    let done!: () => void;
    this.stopped = new Promise((r) => (done = r));
    rec.ondataavailable = (e) => {
      if (e.data.size > 0) chunks.push(e.data);
    };
    rec.onstop = () => {
      const ended = Date.now();
      const blob = new Blob(chunks, { type: this.contentType });
      if (blob.size > 0) {
        this.onSegment({
          blob,
          offsetS: Math.max(0, (startedAt - this.timelineOrigin) / 1000),
          durationS: (ended - startedAt) / 1000,
          contentType: this.contentType,
        });
      }
      done();
      if (this.running) this.startOne();
    };
    this.recorder = rec;
    rec.start();
    this.timer = window.setTimeout(() => {
      if (rec.state !== "inactive") rec.stop();
    }, this.segmentMs);
  }

  /** Stops recording; resolves once the last segment has been handed over. */
  async stop(): Promise<void> {
    this.running = false;
    window.clearTimeout(this.timer);
    const rec = this.recorder;
    if (rec && rec.state !== "inactive") rec.stop();
    await this.stopped;
  }
}
