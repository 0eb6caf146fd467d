/** How the SDK puts one HTTP request on the wire; `node-transport` and `fetch-transport` implement it. */

export interface TransportRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  /** Lower-case header name → value. */
  headers: Readonly<Record<string, string>>;
  text: string;
}

export interface Transport {
  /** Resolves with any HTTP answer; rejects with a HecError of kind `network` or `timeout`. */
  request(request: TransportRequest): Promise<TransportResponse>;
  /** Releases idle connections so the process can exit. */
  close(): void;
}
