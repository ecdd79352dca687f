/** One suite's app: a fresh `tlslens serve`, Debian's Chromium, one page open at the start screen. */
import type { BrowserContext, Page } from 'playwright-core';
import { collectProblems, launchChromium } from './browser';
import { startServeProcess, type ServeProcess } from './serve-process';

export interface AppSession {
  context: BrowserContext;
  serve: ServeProcess;
  page: Page;
  /** console and page errors so far (plus whatever `watch` adds) */
  problems: string[];
  close(): Promise<void>;
}

/** `watch` runs before the page loads, to record what the page asks for from the start. */
export async function openAppSession(watch?: (page: Page, serve: ServeProcess, problems: string[]) => void): Promise<AppSession> {
  const context = await launchChromium();
  const serve = await startServeProcess();
  const page = await context.newPage();
  const problems = collectProblems(page);
  watch?.(page, serve, problems);
  await page.goto(serve.url);
  await page.waitForSelector('[data-testid=start-screen]');
  return {
    context,
    serve,
    page,
    problems,
    close: async () => {
      await context.close();
      await serve.stop();
    },
  };
}
