/** REST client: bearer tokens kept in localStorage, refreshed before expiry and once on a 401. */
import type {
  AdminAnalytics,
  CalibrationSpans,
  Comment,
  CommentList,
  CommentRequest,
  CreateSessionRequest,
  DisplayNameRequest,
  ErrorResponse,
  MediaList,
  Me,
  PracticeReport,
  PracticeTextRequest,
  ProgressReport,
  RatedReport,
  RatingIn,
  ReportRatings,
  RolesOut,
  Session,
  SessionList,
  Share,
  ShareList,
  ShareRequest,
  SharedSessionList,
  SignupResponse,
  TokenResponse,
} from "./types";
import { apiUrl } from "./config";

const KEY = "interview.auth";
const REFRESH_MARGIN_MS = 60_000;

export interface Tokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: number;
  email?: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public details: { field?: string | null; message: string }[] = [],
  ) {
    super(message);
  }
}

/** The Cognito groups in the access token (for showing admin links only: the API enforces roles). */
export function tokenGroups(t: Tokens | null | undefined): string[] {
  try {
    const payload = t?.accessToken.split(".")[1] ?? "";
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as Record<string, unknown>;
    const groups = claims["cognito:groups"];
    return Array.isArray(groups) ? groups.filter((g): g is string => typeof g === "string") : [];
  } catch {
    return [];
  }
}

export function loadTokens(): Tokens | null {
  if (typeof window === "undefined") return null;
  try {
    const raw = window.localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

function saveTokens(t: Tokens | null): void {
  if (t) window.localStorage.setItem(KEY, JSON.stringify(t));
  else window.localStorage.removeItem(KEY);
  window.dispatchEvent(new Event("auth-changed"));
}

function fromResponse(body: TokenResponse, email?: string, previous?: Tokens | null): Tokens {
  return {
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? previous?.refreshToken ?? null,
    expiresAt: Date.now() + body.expires_in * 1000,
    email: email ?? previous?.email,
  };
}

async function parseError(r: Response): Promise<ApiError> {
  try {
    const body = (await r.json()) as ErrorResponse;
    return new ApiError(r.status, body.error.code, body.error.message, body.error.details ?? []);
  } catch {
    return new ApiError(r.status, "http_error", `The server answered ${r.status}.`);
  }
}

/** What to tell the user about a failed call: the first field error of a 422, else the API's message.
 * A pattern the field failed is a regular expression: the user is told which field instead. */
export function errorText(err: unknown, fallback: string): string {
  if (!(err instanceof ApiError)) return fallback;
  const detail = err.details[0];
  const text = detail?.field && detail.message.startsWith("String should match pattern")
    ? `the ${detail.field.replace(/[._]/g, " ")} is not valid`
    : (detail?.message ?? err.message);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

let refreshing: Promise<Tokens | null> | null = null;

/** One refresh at a time; a failed refresh signs the user out. */
export function refreshTokens(): Promise<Tokens | null> {
  if (refreshing) return refreshing;
  const current = loadTokens();
  const refreshToken = current?.refreshToken;
  if (!refreshToken) return Promise.resolve(null);
  refreshing = (async () => {
    try {
      const r = await authPost("/v1/auth/refresh", { refresh_token: refreshToken });
      const t = fromResponse((await r.json()) as TokenResponse, undefined, current);
      saveTokens(t);
      return t;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 400)) saveTokens(null);
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** A valid access token, refreshed first when it expires within a minute. */
export async function accessToken(): Promise<string | null> {
  const t = loadTokens();
  if (!t) return null;
  if (t.expiresAt - Date.now() < REFRESH_MARGIN_MS) {
    const fresh = await refreshTokens();
    return fresh?.accessToken ?? (t.expiresAt > Date.now() ? t.accessToken : null);
  }
  return t.accessToken;
}

async function request<T>(method: string, path: string, body?: unknown, retried = false): Promise<T> {
  const token = await accessToken();
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const r = await fetch(await apiUrl(`/v1${path}`), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status === 401 && !retried && loadTokens()?.refreshToken) {
    const fresh = await refreshTokens();
    if (fresh) return request<T>(method, path, body, true);
  }
  if (!r.ok) throw await parseError(r);
  if (r.status === 204) return undefined as T;
  const type = r.headers.get("content-type") ?? "";
  return (type.includes("json") ? await r.json() : await r.text()) as T;
}

let refreshTimer: number | undefined;

/** Keeps the session alive while the app is open: refresh shortly before the access token expires. */
export function scheduleRefresh(): void {
  if (typeof window === "undefined") return;
  window.clearTimeout(refreshTimer);
  const t = loadTokens();
  if (!t?.refreshToken) return;
  const wait = Math.max(5_000, t.expiresAt - Date.now() - REFRESH_MARGIN_MS);
  refreshTimer = window.setTimeout(async () => {
    await refreshTokens();
    scheduleRefresh();
  }, wait);
}

/** The unauthenticated `/v1/auth/*` calls; an error answer is thrown as an ApiError. */
async function authPost(path: string, body: Record<string, string>): Promise<Response> {
  const r = await fetch(await apiUrl(path), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw await parseError(r);
  return r;
}

export const api = {
  /** Registers an unconfirmed account: the same answer whether or not the email has one; a code is emailed. */
  async signup(email: string, password: string): Promise<SignupResponse> {
    return (await (await authPost("/v1/auth/signup", { email, password })).json()) as SignupResponse;
  },
  async confirm(email: string, code: string): Promise<void> {
    await authPost("/v1/auth/confirm", { email, code });
  },
  async resendCode(email: string): Promise<void> {
    await authPost("/v1/auth/resend", { email });
  },
  async login(email: string, password: string): Promise<void> {
    const r = await authPost("/v1/auth/login", { email, password });
    saveTokens(fromResponse((await r.json()) as TokenResponse, email));
    scheduleRefresh();
  },
  signOut(): void {
    window.clearTimeout(refreshTimer);
    saveTokens(null);
  },
  roles: () => request<RolesOut>("GET", "/roles"),
  createSession: (body: CreateSessionRequest) => request<Session>("POST", "/sessions", body),
  sessions: () => request<SessionList>("GET", "/sessions"),
  session: (id: string) => request<Session>("GET", `/sessions/${encodeURIComponent(id)}`),
  calibrate: (id: string, spans: CalibrationSpans) =>
    request<Session>("PUT", `/sessions/${encodeURIComponent(id)}/calibration`, spans),
  endSession: (id: string) => request<Session>("POST", `/sessions/${encodeURIComponent(id)}/end`),
  deleteSession: (id: string) => request<void>("DELETE", `/sessions/${encodeURIComponent(id)}`),
  report: (id: string) => request<RatedReport>("GET", `/sessions/${encodeURIComponent(id)}/report`),
  /** The self-contained HTML report, as text. */
  reportHtml: (id: string) => request<string>("GET", `/sessions/${encodeURIComponent(id)}/report.html`),
  rateReport: (id: string, rating: RatingIn) =>
    request<ReportRatings>("PUT", `/sessions/${encodeURIComponent(id)}/report/rating`, rating),
  rateRecommendation: (id: string, rank: number, rating: RatingIn) =>
    request<ReportRatings>("PUT", `/sessions/${encodeURIComponent(id)}/report/recommendations/${rank}/rating`, rating),
  shares: (id: string) => request<ShareList>("GET", `/sessions/${encodeURIComponent(id)}/shares`),
  share: (id: string, body: ShareRequest) => request<Share>("POST", `/sessions/${encodeURIComponent(id)}/shares`, body),
  revokeShare: (id: string, shareId: string) =>
    request<void>("DELETE", `/sessions/${encodeURIComponent(id)}/shares/${encodeURIComponent(shareId)}`),
  sharedWithMe: () => request<SharedSessionList>("GET", "/coach/sessions"),
  comments: (id: string) => request<CommentList>("GET", `/sessions/${encodeURIComponent(id)}/comments`),
  addComment: (id: string, body: CommentRequest) =>
    request<Comment>("POST", `/sessions/${encodeURIComponent(id)}/comments`, body),
  deleteComment: (id: string, commentId: string) =>
    request<void>("DELETE", `/sessions/${encodeURIComponent(id)}/comments/${encodeURIComponent(commentId)}`),
  me: () => request<Me>("GET", "/users/me"),
  updateMe: (body: DisplayNameRequest) => request<Me>("PATCH", "/users/me", body),
  adminAnalytics: (from: string, to: string) =>
    request<AdminAnalytics>("GET", `/admin/analytics?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
  media: (id: string) => request<MediaList>("GET", `/sessions/${encodeURIComponent(id)}/media`),
  progress: () => request<ProgressReport>("GET", "/users/me/progress"),
  practiceText: (body: PracticeTextRequest) => request<PracticeReport>("POST", "/practice/text", body),
  async deleteAccount(): Promise<void> {
    await request<void>("DELETE", "/users/me");
    api.signOut();
  },
};
