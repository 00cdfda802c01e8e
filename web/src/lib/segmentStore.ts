/** Recorded segments wait in IndexedDB until the server accepts them, so a reload or a drop loses nothing. */

export interface StoredSegment {
  key: string;
  sessionId: string;
  seq: number;
  answerIndex: number;
  offsetS: number;
  durationS: number;
  contentType: string;
  blob: Blob;
}

const DB = "interview-segments";
const STORE = "segments";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => {
      const store = req.result.createObjectStore(STORE, { keyPath: "key" });
      store.createIndex("session", "sessionId");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

let dbPromise: Promise<IDBDatabase> | null = null;
const db = () => (dbPromise ??= open());

function tx<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return db().then(
    (d) =>
      new Promise<T>((resolve, reject) => {
        const t = d.transaction(STORE, mode);
        const req = run(t.objectStore(STORE));
        t.oncomplete = () => resolve(req.result);
        t.onerror = () => reject(t.error);
        t.onabort = () => reject(t.error);
      }),
  );
}

export const segmentKey = (sessionId: string, seq: number) => `${sessionId}:${String(seq).padStart(6, "0")}`;

export const segmentStore = {
  put: (s: StoredSegment) => tx("readwrite", (st) => st.put(s)).then(() => undefined),
  remove: (sessionId: string, seq: number) =>
    tx("readwrite", (st) => st.delete(segmentKey(sessionId, seq))).then(() => undefined),
  async list(sessionId: string): Promise<StoredSegment[]> {
    const all = await tx<StoredSegment[]>("readonly", (st) => st.index("session").getAll(sessionId));
    return all.sort((a, b) => a.seq - b.seq);
  },
};
