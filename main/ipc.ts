import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CONTRACT, parseRequest, parseResponse, type Channel, type Contract, type ResponseOf } from '#core/ipc/contract.ts';
import type { z } from 'zod';
import { isAllowedNavigation } from './security.ts';

/**
 * Every contract channel is registered here and nowhere else. Each call is checked twice before its handler
 * runs: the sender must be the main window's top frame on the app's own origin, and the payload must parse
 * with the contract's zod schema. A response that breaks the contract is a bug in main and is refused too.
 */

export type Handlers = { [C in Channel]: (request: z.output<Contract[C]['request']>) => Promise<ResponseOf<C>> | ResponseOf<C> };

/** What the check needs to know about who sent a message; filled from `IpcMainInvokeEvent`. */
export interface SenderInfo {
  /** The `webContents.id` that sent it. */
  webContentsId: number;
  /** The sending frame's URL, or null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null;
  /** Whether the sending frame is its page's top frame. */
  isTopFrame: boolean;
}

export interface TrustedSender {
  /** The main window's `webContents.id`, or null when there is no window (then nothing is trusted). */
  mainWebContentsId: () => number | null;
  devServerUrl?: string;
}

/** Why a sender is refused, or null when it is trusted. */
export function senderProblem(sender: SenderInfo, trusted: TrustedSender): string | null {
  const mainId = trusted.mainWebContentsId();
  if (mainId === null || sender.webContentsId !== mainId) return 'the sender is not the main window';
  if (sender.frameUrl === null) return 'the sending frame no longer exists';
  if (!sender.isTopFrame) return 'the sender is a sub-frame';
  if (!isAllowedNavigation(sender.frameUrl, trusted.devServerUrl)) return `the sender's origin is not the app (${safeOrigin(sender.frameUrl)})`;
  return null;
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'unparseable URL';
  }
}

export function senderInfo(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): SenderInfo {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frameUrl: frame ? frame.url : null,
    isTopFrame: frame ? frame.parent === null : false,
  };
}

/** The handler `ipcMain.handle` gets for one channel: check the sender, parse, run, check the response. */
export function createInvokeHandler<C extends Channel>(
  channel: C,
  handler: Handlers[C],
  trusted: TrustedSender,
): (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, ...args: unknown[]) => Promise<ResponseOf<C>> {
  return async (event, ...args) => {
    const problem = senderProblem(senderInfo(event), trusted);
    if (problem) throw new Error(`Refused ${channel}: ${problem}.`);
    if (args.length > 1) throw new Error(`Invalid request for ${channel}: expected one argument, got ${args.length}.`);
    const request = parseRequest(channel, args[0]);
    if (!request.ok) throw new Error(request.message);
    const response = parseResponse(channel, await handler(request.value));
    if (!response.ok) throw new Error(response.message);
    return response.value;
  };
}

/** Register every contract channel on `ipcMain`. Returns a function that removes them again. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: Handlers, trusted: TrustedSender): () => void {
  const channels = Object.keys(CONTRACT) as Channel[];
  for (const channel of channels) {
    ipcMain.handle(channel, createInvokeHandler(channel, handlers[channel] as Handlers[typeof channel], trusted) as Parameters<IpcMain['handle']>[1]);
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}
