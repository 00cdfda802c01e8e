/**
 * The room's noise as the camera check hears it: the same reading the speech worker makes for the
 * report (gpu_workers/speech/prosody.py), so that "quiet enough" here means no noise note there.
 * Both take the speech band (300-4000 Hz: a rumble under it leaves words intelligible), the room's
 * background as the quietest tenth of the frames, and the speech as the power mean of the frames over
 * it. The worker finds speech with a voice detector; here a reading waits until a tenth of the frames
 * stand SPEAKING_DB over the background (someone spoke: a steady noise alone never does), and the speech
 * level then takes every frame SPEECH_DB over it, quieter syllables too. Modelled on the speech
 * evaluation's real clips as recorded and in four noise levels (`python -m evaluation speech_noise`, 214
 * clip readings), that reads a median 1.2 dB over the worker (10th to 90th percentile -1.8 to +2.6 dB),
 * so OVER_WORKER_DB is taken off: the two then fall on different sides of the limit in 4 readings (23
 * without it), all where the worker reads 15.5 to 20.0 dB. Taking only the frames 6 dB over the
 * background read 1.9 dB over the worker, with 36 on different sides.
 */

export const SPEECH_BAND_HZ: [number, number] = [300, 4000];
/** The report's limit (interview_core.feedback.build.NOISY_ROOM_DB). */
export const NOISY_ROOM_DB = 17;
const OVER_WORKER_DB = 1.2;
const SPEAKING_DB = 6;
const SPEECH_DB = 3;
const MIN_SPEAKING_SHARE = 0.1;
const BACKGROUND_PERCENTILE = 10;

/** Power of the speech band, dB, from an AnalyserNode's `getFloatFrequencyData` (dB per bin). */
export function bandLevelDb(binsDb: Float32Array, sampleRate: number): number {
  const binHz = sampleRate / (2 * binsDb.length);
  let power = 0;
  for (let i = Math.ceil(SPEECH_BAND_HZ[0] / binHz); i <= Math.floor(SPEECH_BAND_HZ[1] / binHz) && i < binsDb.length; i++) {
    if (Number.isFinite(binsDb[i])) power += 10 ** (binsDb[i] / 10);
  }
  return power > 0 ? 10 * Math.log10(power) : -Infinity;
}

export interface RoomReading {
  /** Speech level over the background, dB; null until enough speech was heard. */
  marginDb: number | null;
  noisy: boolean;
}

/** The reading over recent frame levels (dB, as `bandLevelDb` gives them). */
export function roomReading(levelsDb: readonly number[]): RoomReading {
  const levels = levelsDb.filter(Number.isFinite).sort((a, b) => a - b);
  if (levels.length < 20) return { marginDb: null, noisy: false };
  const background = levels[Math.floor(((levels.length - 1) * BACKGROUND_PERCENTILE) / 100)];
  const speaking = levels.filter((l) => l >= background + SPEAKING_DB).length;
  if (speaking < MIN_SPEAKING_SHARE * levels.length) return { marginDb: null, noisy: false };
  const speech = levels.filter((l) => l >= background + SPEECH_DB);
  const meanPower = speech.reduce((sum, l) => sum + 10 ** (l / 10), 0) / speech.length;
  const marginDb = 10 * Math.log10(meanPower) - background - OVER_WORKER_DB;
  return { marginDb, noisy: marginDb < NOISY_ROOM_DB };
}
