/**
 * Imports: moving a site in from another platform (DataLife Engine dumps; WordPress exports)
 * through the site's own services, remembering each source row by its key so that a second
 * run updates, and the old site's addresses keep working.
 */
import type { Principal } from '../../domain/principal.ts';
import { type DleOptions, importDle } from './dle-import.ts';
import { type ImportReport, type ImportServices, importContext } from './import-context.ts';
import { createLegacyUrls, type LegacyUrls } from './legacy-urls.ts';
import { importWordPress, type WordPressOptions } from './wp-import.ts';

export { DumpError } from './mysql-dump.ts';
export { WxrError } from './wxr.ts';

import { exportWxr, type WxrExportOptions } from './wxr-export.ts';

export type { WxrSource } from './wxr-export.ts';
export type { DleOptions, ImportReport, LegacyUrls, WordPressOptions };

export interface ImportsServiceOptions extends ImportServices {
  legacy: LegacyUrls;
  /** What `export --format wxr` reads and how it names the site. */
  wxr: WxrExportOptions;
}

export function createImportsService(o: ImportsServiceOptions) {
  return {
    /** `import dle FILE`: see `dle-import.ts`. */
    async dle(principal: Principal, file: string, opts: DleOptions): Promise<ImportReport> {
      const report = await importDle(importContext(o, principal, { uploads: opts.uploads }), file, opts);
      o.legacy.imported();
      return report;
    },
    /** `export --format wxr FILE`: see `wxr-export.ts`. */
    exportWxr: (file: string) => exportWxr(o.wxr, file),
    /** `import wordpress FILE`: see `wp-import.ts`. */
    async wordpress(principal: Principal, file: string, opts: WordPressOptions): Promise<ImportReport> {
      const report = await importWordPress(
        importContext(o, principal, { uploads: opts.uploads }),
        file,
        opts,
      );
      o.legacy.imported();
      return report;
    },
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
export { createLegacyUrls };
