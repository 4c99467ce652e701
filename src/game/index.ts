/**
 * The game-loop toolkit, on top of FrameHost: time groups with their own
 * time scale, unscaled waits, fixed steps, the frame's end, tweens and
 * their easing curves.
 */
export { TimeGroup } from "./time-group.js";
export type { TimeGroupOptions } from "./time-group.js";
export { nextFixedStep, endOfFrame, sleepUnscaled } from "./frame-phases.js";
export { tween } from "./tween.js";
export type { TweenOptions } from "./tween.js";
export * from "./easing.js";
export { StateHash, FrameRecording, replayFrames, ReplayDivergenceError } from "./replay.js";
export type { FrameRecordingJSON, FrameReplayOptions } from "./replay.js";
