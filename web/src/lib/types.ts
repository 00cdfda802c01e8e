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
export type Share = S["Share"];
export type ShareRequest = S["ShareIn"];
export type ShareList = S["ShareList"];
export type SharedSession = S["SharedSession"];
export type SharedSessionList = S["SharedSessionList"];
export type Comment = S["Comment"];
export type CommentRequest = S["CommentIn"];
export type CommentList = S["CommentList"];
export type Me = S["UserMe"];
export type DisplayNameRequest = S["DisplayNameIn"];
/** GET /v1/sessions/{id}/report (`ReportView`): the stored report plus the owner's ratings and the comments.
 * The report's own fields keep the report schema's types (its tuples and enums are narrower than OpenAPI's). */
export type RatedReport = import("@/generated/report").Report & Pick<S["ReportView"], "ratings" | "comments">;

/** GET /v1/roles returns questions as open objects; these are the fields the app uses. */
export interface RoleQuestion {
  id: string;
  text: string;
  talking_points?: string[];
  keywords?: string[];
  target_seconds?: [number, number];
}
