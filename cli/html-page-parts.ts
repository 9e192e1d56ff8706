import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts attune's HTML pages (the personal page served by `attune serve`, the file of `attune report`) are built from. */

/** Text made safe to put in HTML, as element content or inside a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** A JSON data island (`<script type="application/json">`) a page's script reads; `<` is escaped so no value can close the element. */
export function jsonDataIsland(id: string, value: unknown): string {
  return `<script type="application/json" id="${escapeHtml(id)}">${JSON.stringify(value).replace(/</g, '\\u003c')}</script>`;
}

/** The browser files attune's pages use: Chart.js's UMD build (beside the package's entry) and attune's own scripts and style in cli/assets. */
export type BrowserAsset = 'chart.umd.min.js' | 'personal-page.js' | 'report.js' | 'attune.css';

/** Where a browser asset is on disk. */
export function browserAssetPath(asset: BrowserAsset): string {
  if (asset === 'chart.umd.min.js') return join(dirname(fileURLToPath(import.meta.resolve('chart.js'))), asset);
  return fileURLToPath(new URL(`./assets/${asset}`, import.meta.url));
}
