/**
 * Electron IPC requests, before they reach the handlers: the sender frame
 * must be our own renderer page, then the usual validate-and-run. No Electron
 * import, so it is tested with plain objects standing in for IpcMainInvokeEvent.
 */
import type { ApiResult, OperationName } from '../../../contract/api';
import { dispatch } from '../../app/api-dispatch';
import type { ApiHandlers } from '../../app/api-handlers';

/** The part of IpcMainInvokeEvent we read. */
export interface InvokeEventLike {
  senderFrame?: { url: string } | null;
}

export type IpcRouter = (op: OperationName, event: InvokeEventLike, args: readonly unknown[]) => Promise<ApiResult<unknown>>;

export function createIpcRouter(handlers: ApiHandlers, isTrustedSender: (url: string) => boolean): IpcRouter {
  return async (op, event, args) => {
    // senderFrame is null when the frame navigated away or was destroyed
    const url = event.senderFrame?.url;
    if (typeof url !== 'string' || !isTrustedSender(url)) {
      return { ok: false, error: { code: 'forbidden', message: `${op}: refused a request from ${url ? JSON.stringify(url.slice(0, 200)) : 'an unknown frame'}` } };
    }
    return dispatch(handlers, op, args);
  };
}
