/** App-facing names for the generated contract types (src/generated is produced by `npm run gen:types`). */
import type { components } from "@/generated/openapi";

export type { Report, ComponentScore, MetricScore, Recommendation, ReportWord, AnswerReport } from "@/generated/report";
export type { ProgressReport, ComponentTrend, ProgressPoint } from "@/generated/progress";
export type { WsServerMessage, Nudge, ChunkUploadUrl, SessionStarted, QuestionStarted } from "@/generated/ws-server";
export type { WsClientMessage } from "@/generated/ws-client";

type S = components["schemas"];
export type Session = S["SessionOut"];
export type SessionList = S["SessionList"];
export type Role = S["RoleOut"];
export type RolesOut = S["RolesOut"];
export type MediaList = S["MediaList"];
export type MediaSegment = S["MediaSegment"];
export type TokenResponse = S["TokenResponse"];
export type SignupResponse = S["SignupResponse"];
export type CreateSessionRequest = S["CreateSessionRequest"];
export type CalibrationSpans = S["CalibrationSpansIn"];
export type ErrorResponse = S["ErrorResponse"];
export type PracticeTextRequest = S["PracticeTextRequest"];
export type PracticeReport = S["PracticeReport"];
export type PracticeAnswer = S["PracticeAnswer"];
export type RatingIn = S["RatingIn"];
export type ReportRatings = S["ReportRatings"];
export type AdminAnalytics = S["AdminAnalytics"];
export type Histogram = S["Histogram"];
/** GET /v1/sessions/{id}/report: the stored report plus the candidate's current ratings. */
export type RatedReport = import("@/generated/report").Report & { ratings: ReportRatings; comments?: Comment[] };

// Sharing and coach comments (API_SPEC.md). Written by hand until the backend's contracts are exported;
// then these become aliases of the generated schemas.
export interface Share {
  share_id: string;
  email: string;
  include_future: boolean;
  created_at: string;
}
export interface ShareRequest {
  email: string;
  include_future?: boolean;
}
export interface ShareList {
  shares: Share[];
}
export interface SharedSession {
  session_id: string;
  owner_name: string;
  role: string;
  status: Session["status"];
  created_at: string;
  question_count: number;
  report_ready: boolean;
}
export interface SharedSessionList {
  sessions: SharedSession[];
}
export interface Comment {
  comment_id: string;
  author_name: string;
  t_s: number;
  text: string;
  created_at: string;
  mine: boolean;
}
export interface CommentRequest {
  t_s: number;
  text: string;
}
export interface CommentList {
  comments: Comment[];
}
export interface Me {
  user_id: string;
  email: string;
  display_name: string;
  groups: string[];
}
/** SessionOut with who is reading it (the owner, or a coach it was shared with). */
export type SessionView = Session & { access?: "owner" | "coach"; owner_name?: string };

/** GET /v1/roles returns questions as open objects; these are the fields the app uses. */
export interface RoleQuestion {
  id: string;
  text: string;
  talking_points?: string[];
  keywords?: string[];
  target_seconds?: [number, number];
}
