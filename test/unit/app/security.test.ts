import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../main/app/app-paths';
import { isTrustedRendererUrl, META_CONTENT_SECURITY_POLICY, serveContentSecurityPolicy } from '../../../main/app/security';

describe('trusted renderer URLs', () => {
  const trusted = { indexFile: '/app/out/renderer/index.html', devServerUrl: 'http://localhost:5173' };

  it('accepts our file:// page (with a hash or query) and the dev server', () => {
    expect(isTrustedRendererUrl('file:///app/out/renderer/index.html', trusted)).toBe(true);
    expect(isTrustedRendererUrl('file:///app/out/renderer/index.html#/x', trusted)).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5173/', trusted)).toBe(true);
  });

  it('refuses look-alikes', () => {
    expect(isTrustedRendererUrl('file:///app/out/renderer/index.html.evil', trusted)).toBe(false);
    expect(isTrustedRendererUrl('file://server/app/out/renderer/index.html', trusted)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5174/', trusted)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost.evil.com:5173/', trusted)).toBe(false);
    expect(isTrustedRendererUrl('not a url', trusted)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/', { indexFile: trusted.indexFile })).toBe(false);
  });
});

describe('packet contents are text', () => {
  it('no renderer code writes HTML from strings', () => {
    const offenders: string[] = [];
    const scan = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) scan(path);
        else if (/\.(ts|tsx)$/.test(name) && /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(/.test(readFileSync(path, 'utf8'))) offenders.push(path);
      }
    };
    scan(join(projectRoot(), 'renderer', 'src'));
    expect(offenders).toEqual([]);
  });
});

describe('content security policy', () => {
  it('renderer/index.html carries exactly the policy security.ts defines', () => {
    const html = readFileSync(join(projectRoot(), 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(META_CONTENT_SECURITY_POLICY);
  });

  it('allows no inline script, no eval, no remote origin', () => {
    const policy = serveContentSecurityPolicy(['ws://127.0.0.1:1234']);
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("default-src 'none'");
  });
});
