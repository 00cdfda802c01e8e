"use client";
import { useRef, useEffect, useState } from "react";
import { LevelMeter } from "@/components/LevelMeter";
import { MediaHelp } from "@/components/MediaHelp";
import { MicrophoneAlert } from "@/components/MediaAlerts";
import { useAudioLevel, useBrightness, useMedia, useMicrophoneState, useRoomNoise } from "@/lib/useMedia";
import { useQueryParam, useRequireAuth } from "@/lib/useAuth";

export default function Setup() {
  const auth = useRequireAuth();
  const sessionId = useQueryParam("session");
  const [videoId, setVideoId] = useState<string | undefined>();
  const [audioId, setAudioId] = useState<string | undefined>();
  const [calibrate, setCalibrate] = useState(true);
  const media = useMedia(Boolean(auth && sessionId), videoId, audioId);
  const video = useRef<HTMLVideoElement>(null);
  const level = useAudioLevel(media.stream);
  const room = useRoomNoise(media.stream);
  const microphone = useMicrophoneState(media.stream, true);
  const brightness = useBrightness(video, media.stream);

  useEffect(() => {
    if (video.current && media.stream) video.current.srcObject = media.stream;
  }, [media.stream]);

  if (!auth) return null;
  if (sessionId === null) return <p role="alert">No interview selected. Start a <a className="underline" href="/new/">new interview</a>.</p>;

  const cams = media.devices.filter((d) => d.kind === "videoinput");
  const mics = media.devices.filter((d) => d.kind === "audioinput");
  const roomNoise =
    room.marginDb == null
      ? "Say a sentence or two to check the noise around you."
      : room.noisy
        ? `Noisy: your voice stands only ${Math.round(room.marginDb)} dB over the sound around you, so the transcript will miss words and filler counts will be less exact. A quieter room, a closed window or a headset microphone helps.`
        : "Quiet enough: your voice stands well over the sound around you.";
  const lighting =
    brightness == null ? null : brightness < 60 ? "Too dark: face a window or turn on a lamp in front of you." : brightness > 210 ? "Very bright: move away from a light behind or beside the camera." : "Lighting looks good.";

  function start() {
    sessionStorage.setItem("interview.devices", JSON.stringify({ videoId, audioId }));
    sessionStorage.setItem("interview.calibrate", calibrate ? "1" : "0");
    media.stream?.getTracks().forEach((t) => t.stop());
    location.assign(`/interview/?session=${encodeURIComponent(sessionId!)}`);
  }

  return (
    <div className="mx-auto max-w-4xl">
      <h1 className="text-2xl font-bold">Camera and microphone check</h1>
      <p className="muted mt-1">This preview stays on your device. Recording starts only when you press Start in the interview.</p>
      {media.problem ? (
        <div className="mt-6"><MediaHelp problem={media.problem} detail={media.detail} onRetry={() => location.reload()} /></div>
      ) : (
        <div className="mt-6 grid gap-6 md:grid-cols-[3fr_2fr]">
          <div className="card p-3 sm:p-3">
            <video ref={video} autoPlay playsInline muted aria-label="Camera preview"
              className="aspect-video w-full -scale-x-100 rounded-xl bg-slate-900 object-cover" />
            <p className="muted mt-2 text-sm">Framing: keep your head and shoulders inside the picture, eyes about a third from the top.</p>
          </div>
          <div className="card space-y-5">
            <LevelMeter level={level} />
            <MicrophoneAlert state={microphone} recording={false} />
            <div>
              <label htmlFor="camera" className="field-label">Camera</label>
              <select id="camera" className="input" value={videoId ?? media.stream?.getVideoTracks()[0]?.getSettings().deviceId ?? ""}
                onChange={(e) => setVideoId(e.target.value)}>
                {cams.map((d, i) => <option key={d.deviceId || i} value={d.deviceId}>{d.label || `Camera ${i + 1}`}</option>)}
              </select>
            </div>
            <div>
              <label htmlFor="microphone" className="field-label">Microphone</label>
              <select id="microphone" className="input" value={audioId ?? media.stream?.getAudioTracks()[0]?.getSettings().deviceId ?? ""}
                onChange={(e) => setAudioId(e.target.value)}>
                {mics.map((d, i) => <option key={d.deviceId || i} value={d.deviceId}>{d.label || `Microphone ${i + 1}`}</option>)}
              </select>
            </div>
            <div aria-live="polite">
              <h2 className="field-label">Noise around you</h2>
              <p className="text-sm" data-testid="room-noise" data-noisy={room.noisy ? "true" : "false"}
                data-margin-db={room.marginDb == null ? undefined : room.marginDb.toFixed(1)}>{roomNoise}</p>
            </div>
            <div aria-live="polite">
              <h2 className="field-label">Lighting</h2>
              <p className="text-sm" data-testid="lighting">{lighting ?? "Checking…"}</p>
            </div>
            <div>
              <h2 className="field-label">Where you look</h2>
              <p className="muted text-sm">
                Reading the question on the screen is fine; looking away is what the report counts against you.
                To tell the two apart for your face and set-up, the interview can start by having you look at a dot
                by your camera for about 3 seconds, then at the middle of the screen for 3 seconds. These seconds are
                recorded (they are how your eyes are measured) but are not part of your first answer.
              </p>
              <label className="mt-2 flex items-start gap-2 text-sm">
                <input type="checkbox" className="mt-0.5" checked={calibrate} onChange={(e) => setCalibrate(e.target.checked)} />
                <span>Calibrate where I look (about 7 seconds at the start)</span>
              </label>
              {!calibrate && (
                <p className="muted mt-1 text-xs">Without it, your camera is assumed to sit on top of your screen.</p>
              )}
            </div>
            <button type="button" className="btn-primary w-full" disabled={!media.stream} onClick={start}>
              {media.stream ? "Continue to interview" : "Waiting for camera…"}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
