/**
 * The interview's live link: WebSocket with reconnect and backoff, the presigned-URL upload protocol,
 * and the question/end flow. Segments stay in IndexedDB until `chunk.accepted`.
 */
import { accessToken, refreshTokens } from "./api";
import { runtimeConfig } from "./config";
import { segmentStore, type StoredSegment, segmentKey } from "./segmentStore";
import type { Nudge, WsServerMessage } from "./types";

export type LinkState = "connecting" | "online" | "reconnecting" | "offline";

export interface LiveCallbacks {
  onLink?: (state: LinkState, attempt: number) => void;
  onQuestion?: (index: number, questionId: string, text: string) => void;
  onNudge?: (n: Nudge) => void;
  onProgress?: (p: { pending: number; accepted: number; failed: number }) => void;
  onEnding?: () => void;
  onReportReady?: () => void;
  onError?: (code: string, message: string) => void;
}

type SegState = "queued" | "requested" | "uploading" | "confirming";
interface Pending {
  seg: StoredSegment;
  state: SegState;
  attempts: number;
}

const MAX_IN_FLIGHT = 2;
const MAX_ATTEMPTS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function nextSeqKey(sessionId: string) {
  return `interview.nextSeq.${sessionId}`;
}
function answerKey(sessionId: string) {
  return `interview.answer.${sessionId}`;
}

export class LiveSession {
  private ws: WebSocket | null = null;
  private pending = new Map<number, Pending>();
  private serverAnswer = 0;
  private desiredAnswer = 0;
  private started = false;
  private closedByUser = false;
  private attempt = 0;
  private reconnectTimer: number | undefined;
  private wantEnd = false;
  private questionAsked = false;
  private stored = new Map<number, Promise<void>>();
  private endSent = false;
  private accepted = 0;
  private failed = 0;
  /** Every message sent, for diagnostics and the tests. */
  readonly sent: { action: string; seq?: number }[] = [];
  connectionCount = 0;
  nextSeq: number;

  constructor(
    readonly sessionId: string,
    private cb: LiveCallbacks,
  ) {
    this.nextSeq = Number(localStorage.getItem(nextSeqKey(sessionId)) ?? "0");
    this.desiredAnswer = Number(localStorage.getItem(answerKey(sessionId)) ?? "0");
  }

  get answerIndex(): number {
    return this.desiredAnswer;
  }

  get acceptedCount(): number {
    return this.accepted;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Loads segments left from an earlier page (reload) and connects. */
  async open(): Promise<void> {
    for (const seg of await segmentStore.list(this.sessionId)) {
      this.pending.set(seg.seq, { seg, state: "queued", attempts: 0 });
      this.nextSeq = Math.max(this.nextSeq, seg.seq + 1);
    }
    this.progress();
    await this.connect();
  }

  private progress() {
    this.cb.onProgress?.({ pending: this.pending.size, accepted: this.accepted, failed: this.failed });
  }

  private async connect(): Promise<void> {
    if (this.closedByUser) return;
    this.cb.onLink?.(this.attempt === 0 ? "connecting" : "reconnecting", this.attempt);
    let token = await accessToken();
    if (!token) token = (await refreshTokens())?.accessToken ?? null;
    if (!token) {
      this.cb.onError?.("signed_out", "Your sign-in expired. Sign in again; your recording is kept on this device.");
      this.cb.onLink?.("offline", this.attempt);
      return;
    }
    let wsUrl: string;
    try {
      ({ wsUrl } = await runtimeConfig());
    } catch {
      this.scheduleReconnect(); // config.json unreachable (offline): same backoff as a dropped link
      return;
    }
    const ws = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`);
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.connectionCount += 1;
      this.send({ action: "session.start", session_id: this.sessionId });
    };
    ws.onmessage = (e) => {
      try {
        this.handle(JSON.parse(String(e.data)) as WsServerMessage);
      } catch (err) {
        console.error("bad message", err);
      }
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.started = false;
      this.questionAsked = false;
      for (const p of this.pending.values()) p.state = "queued";
      if (this.closedByUser) return;
      if (!opened) void refreshTokens();
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect() {
    if (this.endSent && !this.wantEndPending()) {
      // The server already has everything; the report comes through REST polling.
      this.cb.onLink?.("offline", this.attempt);
      return;
    }
    this.attempt += 1;
    const base = Math.min(10_000, 500 * 2 ** (this.attempt - 1));
    const delay = base / 2 + Math.random() * (base / 2);
    this.cb.onLink?.("reconnecting", this.attempt);
    window.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = window.setTimeout(() => void this.connect(), delay);
  }

  private wantEndPending() {
    return this.pending.size > 0;
  }

  private send(msg: Record<string, unknown> & { action: string }) {
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    this.sent.push({ action: msg.action, seq: typeof msg.seq === "number" ? msg.seq : undefined });
    return true;
  }

  private handle(msg: WsServerMessage) {
    switch (msg.type) {
      case "session.started": {
        this.started = true;
        this.attempt = 0;
        this.serverAnswer = msg.answer_index;
        for (const seq of msg.accepted_seqs) {
          if (this.pending.has(seq)) this.acceptedSeq(seq);
        }
        this.nextSeq = Math.max(this.nextSeq, ...msg.accepted_seqs.map((s) => s + 1));
        this.cb.onLink?.("online", 0);
        this.pump();
        break;
      }
      case "chunk.upload_url": {
        const p = this.pending.get(msg.seq);
        if (p && p.state === "requested") void this.upload(p, msg.url, msg.headers);
        break;
      }
      case "chunk.accepted":
        if (this.pending.has(msg.seq)) this.acceptedSeq(msg.seq);
        this.pump();
        break;
      case "question.started":
        this.questionAsked = false;
        this.serverAnswer = msg.index;
        this.cb.onQuestion?.(msg.index, msg.question_id, msg.text);
        this.pump();
        break;
      case "nudge":
        this.cb.onNudge?.(msg);
        break;
      case "session.ending":
        this.cb.onEnding?.();
        break;
      case "report.ready":
        this.cb.onReportReady?.();
        break;
      case "error": {
        if (typeof msg.seq === "number" && this.pending.has(msg.seq)) {
          const p = this.pending.get(msg.seq)!;
          p.attempts += 1;
          if (p.attempts >= MAX_ATTEMPTS) {
            this.failed += 1;
            this.pending.delete(msg.seq);
            this.cb.onError?.(msg.code, `Segment ${msg.seq} could not be saved: ${msg.message}`);
            this.progress();
          } else {
            p.state = "queued";
            window.setTimeout(() => this.pump(), 500 * p.attempts);
          }
        } else {
          this.cb.onError?.(msg.code, msg.message);
        }
        break;
      }
      default:
        break;
    }
  }

  private acceptedSeq(seq: number) {
    this.pending.delete(seq);
    this.accepted += 1;
    const stored = this.stored.get(seq) ?? Promise.resolve();
    this.stored.delete(seq);
    void stored.then(() => segmentStore.remove(this.sessionId, seq));
    this.progress();
  }

  /** Keeps the protocol moving: question markers first, then up to two segments in flight, then the end. */
  private pump() {
    if (!this.started) return;
    if (this.serverAnswer < this.desiredAnswer) {
      if (!this.questionAsked) {
        this.questionAsked = this.send({ action: "question.next", session_id: this.sessionId, index: this.serverAnswer + 1 });
      }
      return;
    }
    let inFlight = [...this.pending.values()].filter((p) => p.state !== "queued").length;
    for (const p of [...this.pending.values()].sort((a, b) => a.seg.seq - b.seg.seq)) {
      if (inFlight >= MAX_IN_FLIGHT) break;
      if (p.state !== "queued" || p.seg.answerIndex > this.serverAnswer) continue;
      p.state = "requested";
      inFlight += 1;
      this.send({
        action: "chunk.request",
        session_id: this.sessionId,
        seq: p.seg.seq,
        content_type: p.seg.contentType,
        size_bytes: p.seg.blob.size,
        answer_index: p.seg.answerIndex,
        offset_s: Math.round(p.seg.offsetS * 1000) / 1000,
      });
    }
    if (this.wantEnd && !this.endSent && this.pending.size === 0) {
      this.endSent = this.send({ action: "session.end", session_id: this.sessionId });
    }
  }

  private async upload(p: Pending, url: string, headers: Record<string, string>) {
    p.state = "uploading";
    for (let i = 0; i < 3; i += 1) {
      try {
        const r = await fetch(url, { method: "PUT", headers, body: p.seg.blob });
        if (!r.ok) throw new Error(`upload answered ${r.status}`);
        if (p.state !== "uploading") return; // the link dropped meanwhile: it will be requested again
        p.state = "confirming";
        if (!this.send({ action: "chunk.uploaded", session_id: this.sessionId, seq: p.seg.seq })) p.state = "queued";
        return;
      } catch (err) {
        console.warn(`upload of segment ${p.seg.seq} failed`, err);
        await sleep(500 * 2 ** i);
      }
    }
    p.state = "queued";
    window.setTimeout(() => this.pump(), 1000);
  }

  /**
   * A recorded segment: queued at once (so `end()` waits for it) and written to IndexedDB alongside,
   * so a reload before `chunk.accepted` still has it.
   */
  addSegment(s: { blob: Blob; offsetS: number; durationS: number; contentType: string; answerIndex: number }): void {
    const seq = this.nextSeq++;
    localStorage.setItem(nextSeqKey(this.sessionId), String(this.nextSeq));
    const seg: StoredSegment = { key: segmentKey(this.sessionId, seq), sessionId: this.sessionId, seq, ...s };
    this.stored.set(seq, segmentStore.put(seg).catch((err) => console.warn("could not keep segment offline", err)));
    this.pending.set(seq, { seg, state: "queued", attempts: 0 });
    this.progress();
    this.pump();
  }

  /** Moves to the next question; sent (again) after a reconnect if the link was down. */
  nextQuestion() {
    this.desiredAnswer += 1;
    localStorage.setItem(answerKey(this.sessionId), String(this.desiredAnswer));
    this.pump();
  }

  /** Ends the session once every segment has been acknowledged. */
  end() {
    this.wantEnd = true;
    this.pump();
  }

  /** Drops the socket (used by nothing but tests and unmount). */
  close() {
    this.closedByUser = true;
    window.clearTimeout(this.reconnectTimer);
    this.ws?.close();
  }
}
