"use client";
import { useEffect, useRef, useState } from "react";
import { mediaConstraints } from "./recorder";
import { bandLevelDb, type RoomReading, roomReading } from "./roomNoise";

export type MediaProblem = "denied" | "no-device" | "busy" | "insecure" | "unknown";

export interface MediaState {
  stream: MediaStream | null;
  problem: MediaProblem | null;
  detail: string | null;
  devices: MediaDeviceInfo[];
}

export function classify(err: unknown): MediaProblem {
  const name = err instanceof DOMException ? err.name : "";
  if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") return "no-device";
  if (name === "NotReadableError" || name === "TrackStartError") return "busy";
  return "unknown";
}

/** Camera + microphone with analysis-friendly constraints; restarts when the chosen devices change. */
export function useMedia(enabled: boolean, videoId?: string, audioId?: string): MediaState {
  const [state, setState] = useState<MediaState>({ stream: null, problem: null, detail: null, devices: [] });
  const current = useRef<MediaStream | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        setState((s) => ({ ...s, problem: "insecure", detail: "This page cannot use the camera here." }));
        return;
      }
      try {
        const stream = await navigator.mediaDevices.getUserMedia(mediaConstraints(videoId, audioId));
        if (cancelled) {
          stream.getTracks().forEach((t) => t.stop());
          return;
        }
        current.current?.getTracks().forEach((t) => t.stop());
        current.current = stream;
        const devices = await navigator.mediaDevices.enumerateDevices();
        setState({ stream, problem: null, detail: null, devices });
      } catch (err) {
        if (cancelled) return;
        setState((s) => ({ ...s, stream: null, problem: classify(err), detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [enabled, videoId, audioId]);

  useEffect(() => () => current.current?.getTracks().forEach((t) => t.stop()), []);
  return state;
}

/** One AudioContext per stream, however many hooks listen to it (browsers limit how many a page may
 * open), closed when the last listener leaves. */
const contexts = new WeakMap<MediaStream, { ctx: AudioContext; source: MediaStreamAudioSourceNode; users: number }>();

/** Calls `onFrame` every `everyMs` with an analyser on the stream's microphone; returns the cleanup. */
function listen(
  stream: MediaStream | null,
  fftSize: number,
  everyMs: number,
  onFrame: (analyser: AnalyserNode, sampleRate: number) => void,
): (() => void) | undefined {
  if (!stream || stream.getAudioTracks().length === 0) return undefined;
  let shared = contexts.get(stream);
  if (!shared) {
    const ctx = new AudioContext();
    shared = { ctx, source: ctx.createMediaStreamSource(new MediaStream(stream.getAudioTracks())), users: 0 };
    contexts.set(stream, shared);
  }
  const { ctx, source } = shared;
  shared.users += 1;
  const analyser = ctx.createAnalyser();
  analyser.fftSize = fftSize;
  analyser.smoothingTimeConstant = 0; // frame by frame (the room reading needs its quietest frames)
  source.connect(analyser);
  const timer = window.setInterval(() => onFrame(analyser, ctx.sampleRate), everyMs);
  return () => {
    window.clearInterval(timer);
    source.disconnect(analyser);
    if (shared && --shared.users === 0) {
      contexts.delete(stream);
      void ctx.close();
    }
  };
}

/** Microphone level 0..1 (RMS), updated about 15 times a second. */
export function useAudioLevel(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    const buf = new Float32Array(1024);
    return listen(stream, buf.length, 66, (analyser) => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      setLevel(Math.min(1, Math.sqrt(sum / buf.length) * 4));
    });
  }, [stream]);
  return level;
}

/** Whether the microphone delivers sound: "silent" after `SILENT_MS` of digital silence (a muted
 * microphone, on the headset or in the system, sends exact zeros; a live one, with the browser's processing
 * off, always carries its noise floor, so a quiet room or a pause to think never reads as silent),
 * "stopped" when its track ended (unplugged). */
export type MicrophoneState = "ok" | "silent" | "stopped";
const SILENT_MS = 3000;
const DIGITAL_SILENCE = 2 ** -15; // one step of 16-bit audio

export function useMicrophoneState(stream: MediaStream | null, active: boolean): MicrophoneState {
  const [state, setState] = useState<MicrophoneState>("ok");
  useEffect(() => {
    setState("ok");
    if (!active || !stream) return;
    const track = stream.getAudioTracks()[0];
    if (!track) return;
    const buf = new Float32Array(2048);
    let silentMs = 0;
    const stopListening = listen(stream, buf.length, 250, (analyser) => {
      if (track.readyState === "ended") return setState("stopped");
      analyser.getFloatTimeDomainData(buf);
      let peak = 0;
      for (const v of buf) peak = Math.max(peak, Math.abs(v));
      silentMs = peak < DIGITAL_SILENCE ? silentMs + 250 : 0;
      setState(silentMs >= SILENT_MS ? "silent" : "ok");
    });
    const ended = () => setState("stopped");
    track.addEventListener("ended", ended);
    return () => {
      track.removeEventListener("ended", ended);
      stopListening?.();
    };
  }, [stream, active]);
  return state;
}

/** Whether the camera's track ended (unplugged, or taken by another app) while `active`. */
export function useCameraStopped(stream: MediaStream | null, active: boolean): boolean {
  const [stopped, setStopped] = useState(false);
  useEffect(() => {
    setStopped(false);
    const track = stream?.getVideoTracks()[0];
    if (!active || !track) return;
    // "ended" fires when the device goes; a track stopped by the page itself only changes readyState.
    const check = () => setStopped(track.readyState === "ended");
    const timer = window.setInterval(check, 1000);
    track.addEventListener("ended", check);
    return () => {
      window.clearInterval(timer);
      track.removeEventListener("ended", check);
    };
  }, [stream, active]);
  return stopped;
}

const ROOM_WINDOW_FRAMES = 200; // the last 10 s at one frame per 50 ms

/** The room's noise under the speech (`roomNoise.ts`) over the last 10 s, updated twice a second. */
export function useRoomNoise(stream: MediaStream | null): RoomReading {
  const [reading, setReading] = useState<RoomReading>({ marginDb: null, noisy: false });
  useEffect(() => {
    const bins = new Float32Array(1024); // a 2048-point FFT: 43 ms at 48 kHz, like the worker's 40 ms frames
    const levels: number[] = [];
    let polls = 0;
    return listen(stream, 2 * bins.length, 50, (analyser, sampleRate) => {
      analyser.getFloatFrequencyData(bins);
      levels.push(bandLevelDb(bins, sampleRate));
      if (levels.length > ROOM_WINDOW_FRAMES) levels.shift();
      if (++polls % 10 === 0) setReading(roomReading(levels));
    });
  }, [stream]);
  return reading;
}

/** Mean luma (0..255) of the preview, sampled once a second from a small canvas. */
export function useBrightness(video: React.RefObject<HTMLVideoElement | null>, stream: MediaStream | null): number | null {
  const [value, setValue] = useState<number | null>(null);
  useEffect(() => {
    if (!stream) return;
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 36;
    const g = canvas.getContext("2d", { willReadFrequently: true });
    const timer = window.setInterval(() => {
      const v = video.current;
      if (!g || !v || v.readyState < 2) return;
      g.drawImage(v, 0, 0, canvas.width, canvas.height);
      const { data } = g.getImageData(0, 0, canvas.width, canvas.height);
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) sum += 0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2];
      setValue(sum / (data.length / 4));
    }, 1000);
    return () => window.clearInterval(timer);
  }, [stream, video]);
  return value;
}
