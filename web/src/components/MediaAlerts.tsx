import type { MicrophoneState } from "@/lib/useMedia";

/** Says what to check when the microphone sends no sound (`useMicrophoneState`); nothing while it does. */
export function MicrophoneAlert({ state, recording }: { state: MicrophoneState; recording: boolean }) {
  if (state === "ok") return null;
  const text =
    state === "silent"
      ? `We can't hear anything from your microphone. Check that it isn't muted, on the headset or in your system's settings${recording ? ". Recording goes on." : ", or choose another microphone above."}`
      : recording
        ? "Your microphone stopped (was it unplugged?). Reload the page to go on; your answers so far are saved."
        : "Your microphone stopped (was it unplugged?). Plug it in again and reload the page.";
  return (
    <p role="alert" className="alert-error" data-testid="microphone-silent" data-state={state}>
      {text}
    </p>
  );
}

/** Says the camera stopped (and, while recording, whether the voice still is); nothing while it runs. */
export function CameraAlert({ stopped, recording, hearing }: { stopped: boolean; recording: boolean; hearing: boolean }) {
  if (!stopped) return null;
  const reload = "reload the page to bring the camera back, your answers so far are saved.";
  return (
    <p role="alert" className="alert-error" data-testid="camera-stopped">
      {!recording
        ? "Your camera stopped (was it unplugged?). Plug it in again and reload the page."
        : hearing
          ? `Your camera stopped (was it unplugged?). Your voice is still recorded; ${reload}`
          : `Your camera stopped (was it unplugged?): ${reload}`}
    </p>
  );
}
