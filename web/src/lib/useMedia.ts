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

/** Microphone level 0..1 (RMS), updated about 15 times a second. */
export function useAudioLevel(stream: MediaStream | null): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    const ctx = new AudioContext();
    const src = ctx.createMediaStreamSource(new MediaStream(stream.getAudioTracks()));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 1024;
    src.connect(analyser);
    const buf = new Float32Array(analyser.fftSize);
    const timer = window.setInterval(() => {
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (const v of buf) sum += v * v;
      const rms = Math.sqrt(sum / buf.length);
      setLevel(Math.min(1, rms * 4));
    }, 66);
    return () => {
      window.clearInterval(timer);
      void ctx.close();
    };
  }, [stream]);
  return level;
}

const ROOM_WINDOW_FRAMES = 200; // the last 10 s at one frame per 50 ms

/** The room's noise under the speech (`roomNoise.ts`) over the last 10 s, updated twice a second. */
export function useRoomNoise(stream: MediaStream | null): RoomReading {
  const [reading, setReading] = useState<RoomReading>({ marginDb: null, noisy: false });
  useEffect(() => {
    if (!stream || stream.getAudioTracks().length === 0) return;
    const ctx = new AudioContext();
    const src = ctx.createMediaStreamSource(new MediaStream(stream.getAudioTracks()));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048; // 43 ms at 48 kHz, like the worker's 40 ms frames
    analyser.smoothingTimeConstant = 0; // frame by frame: the quietest frames are the background
    src.connect(analyser);
    const bins = new Float32Array(analyser.frequencyBinCount);
    const levels: number[] = [];
    let polls = 0;
    const timer = window.setInterval(() => {
      analyser.getFloatFrequencyData(bins);
      levels.push(bandLevelDb(bins, ctx.sampleRate));
      if (levels.length > ROOM_WINDOW_FRAMES) levels.shift();
      if (++polls % 10 === 0) setReading(roomReading(levels));
    }, 50);
    return () => {
      window.clearInterval(timer);
      void ctx.close();
    };
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
