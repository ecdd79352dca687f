/**
 * One door between the layers (issue 18): renderer, preload and main share
 * only contract/, contract/ imports nothing outside itself (it runs in the
 * page too), the engine reaches for nothing above it, and no import circles.
 * The checker is run on made-up trees first, so a checker that found nothing
 * could not pass for one that looked.
 */
import { describe, expect, it } from 'vitest';
import { graphOfSources, importCycles, importProblems, importSpecifiers, readImportGraph } from '../../support/import-boundaries';
import { ROOT } from '../../support/paths';

describe('the import checker', () => {
  it('finds static, re-exported, side-effect, dynamic and require imports, and not ones in comments or strings', () => {
    const text = [
      "import { a } from './a';",
      "import type { B } from '../b';",
      "export { c } from './c';",
      "export * from './d';",
      "import './e.css';",
      "const f = await import('./f');",
      "const g = require('./g');",
      "// import { h } from './h';",
      "const text = \"import { i } from './i'\";",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(['./a', '../b', './c', './d', './e.css', './f', './g']);
  });

  it('refuses each forbidden edge, saying which rule, and passes the allowed ones', () => {
    const graph = graphOfSources({
      'renderer/src/features/x/View.tsx': "import { n } from '../../../../main/engine/tls/names';\nimport { t } from '../../../../contract/i18n/translate';\nimport { readFile } from 'node:fs';\nimport React from 'react';",
      'renderer/src/app/App.tsx': "import type { TlsLensApi } from '../../../preload/api';",
      'main/shells/electron/menu.ts': "import { groupSamples } from '../../../renderer/src/features/lessons/gallery';\nimport { app } from 'electron';",
      'preload/index.ts': "import { x } from '../main/app/api-handlers';\nimport { OPERATIONS } from '../contract/api';\nimport { ipcRenderer } from 'electron';",
      'contract/i18n/translate.ts': "import type { Language } from '../../preload/api';\nimport { platform } from 'node:os';",
      'contract/api/index.ts': "export * from './operations';",
      'main/engine/io/read-file.ts': "import { app } from 'electron';\nimport { readFile } from 'node:fs/promises';",
      'main/engine/model/analyzer.ts': "import { spool } from '../../worker/worker-analysis';\nimport { CaptureError } from '../../capture/protocol/capture-error';\nimport type { Anomaly } from '../../../contract/report/anomaly';",
      'main/engine/tls/hello.ts': "import { ApiError } from '../../app/services/api-error';\nimport { serve } from '../../shells/serve/serve';",
    });
    const problems = importProblems(graph);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^renderer\/src\/features\/x\/View\.tsx → \.\.\/\.\.\/\.\.\/\.\.\/main\/engine\/tls\/names .*renderer may import only renderer\/ and contract\/$/),
        expect.stringMatching(/^renderer\/src\/features\/x\/View\.tsx → node:fs: renderer may not import Electron or Node built-ins$/),
        expect.stringMatching(/^renderer\/src\/app\/App\.tsx → .*preload\/api.*renderer may import only renderer\/ and contract\/$/),
        expect.stringMatching(/^main\/shells\/electron\/menu\.ts → .*main may not import renderer\/ or preload\//),
        expect.stringMatching(/^preload\/index\.ts → .*main\/app\/api-handlers.*preload may import only preload\/ and contract\/$/),
        expect.stringMatching(/^contract\/i18n\/translate\.ts → .*preload\/api.*contract may import only contract\/$/),
        expect.stringMatching(/^contract\/i18n\/translate\.ts → node:os: contract may not import packages or Node built-ins$/),
        expect.stringMatching(/^main\/engine\/io\/read-file\.ts → electron: the engine may not import Electron$/),
        expect.stringMatching(/^main\/engine\/model\/analyzer\.ts → .*the engine may not import main\/worker\/$/),
        expect.stringMatching(/^main\/engine\/model\/analyzer\.ts → .*the engine may not import main\/capture\/$/),
        expect.stringMatching(/^main\/engine\/tls\/hello\.ts → .*the engine may not import main\/app\/$/),
        expect.stringMatching(/^main\/engine\/tls\/hello\.ts → .*the engine may not import main\/shells\/$/),
      ]),
    );
    // allowed: renderer → contract and packages, preload → contract and electron, main → electron, engine → contract and node:
    expect(problems.filter((p) => /contract\/i18n\/translate \(|→ react|→ electron: (?!the engine)|contract\/api \(|contract\/report\/anomaly|node:fs\/promises/.test(p))).toEqual([]);
    expect(problems).toHaveLength(12);
  });

  it('reports an import circle with its files in order, and none in a tree without one', () => {
    const circular = graphOfSources({
      'contract/capture/capture-errors.ts': "import { formatCaptureMessage } from './capture-messages';",
      'contract/capture/capture-messages.ts': "import type { CaptureErrorCode } from './capture-errors';",
      'renderer/src/features/detail/detail-views.ts': "import { LadderView } from '../ladder/LadderView';",
      'renderer/src/features/ladder/LadderView.tsx': "import { draw } from './draw';",
      'renderer/src/features/ladder/draw.ts': "import type { DetailViewProps } from '../detail/detail-views';",
      'main/worker/self.ts': "export * from './self';",
    });
    expect(importCycles(circular)).toEqual([
      ['contract/capture/capture-errors.ts', 'contract/capture/capture-messages.ts', 'contract/capture/capture-errors.ts'],
      ['main/worker/self.ts', 'main/worker/self.ts'],
      ['renderer/src/features/detail/detail-views.ts', 'renderer/src/features/ladder/LadderView.tsx', 'renderer/src/features/ladder/draw.ts', 'renderer/src/features/detail/detail-views.ts'],
    ]);
    expect(importProblems(circular)).toContain('import circle: contract/capture/capture-errors.ts → contract/capture/capture-messages.ts → contract/capture/capture-errors.ts');
    const straight = graphOfSources({
      'contract/capture/capture-errors.ts': '',
      'contract/capture/capture-messages.ts': "import type { CaptureErrorCode } from './capture-errors';",
    });
    expect(importCycles(straight)).toEqual([]);
  });
});

describe('the source tree', () => {
  const graph = readImportGraph(ROOT);

  it('is read whole: every layer has files and their imports resolve', () => {
    const files = [...graph.keys()];
    for (const layer of ['contract/', 'main/engine/', 'main/worker/', 'main/capture/helper/', 'main/capture/client/', 'main/app/', 'main/shells/electron/', 'main/shells/serve/', 'main/shells/cli/', 'preload/', 'renderer/src/']) {
      expect(files.some((f) => f.startsWith(layer)), layer).toBe(true);
    }
    expect(files.length).toBeGreaterThan(200);
    const unresolved = [...graph].flatMap(([file, edges]) => edges.filter((e) => e.target !== null && !graph.has(e.target) && !/\.css$/.test(e.target)).map((e) => `${file} → ${e.specifier}`));
    expect(unresolved).toEqual([]);
  });

  it('keeps the layers apart and has no import circle', () => {
    expect(importProblems(graph)).toEqual([]);
  });
});
