/**
 * d3 on the server, through d3-node (DESIGN.md §6): d3's scales, axes, shapes and selections build an SVG in a
 * jsdom document, serialised into the page. d3-node and jsdom take about a second to load, so they are required
 * on first use — when a report draws a chart — and never by a run, a sweep or a checker that writes no report.
 * Every text a run supplied goes in through `.text()` or `.attr()`, which jsdom's serialiser escapes.
 */
import { createRequire } from 'node:module';
import type * as D3 from 'd3';

export type D3Module = typeof D3;
export type SvgSelection = D3.Selection<D3.BaseType, unknown, null, undefined>;

interface D3NodeInstance {
  d3: D3Module;
  createSVG(width: number, height: number, attrs?: Record<string, string | number>): SvgSelection;
  svgString(): string;
}

type D3NodeConstructor = new (options?: Record<string, unknown>) => D3NodeInstance;

let constructorCache: D3NodeConstructor | undefined;

function d3NodeConstructor(): D3NodeConstructor {
  if (constructorCache === undefined) {
    // Node 20.19+ loads an ES module through require(); the report stays synchronous.
    const load = createRequire(import.meta.url);
    constructorCache = (load('d3-node') as { D3Node: D3NodeConstructor }).D3Node;
  }
  return constructorCache;
}

let d3Cache: D3Module | undefined;

/** d3 itself (scales, shapes, paths), without a document: cheap to load, unlike jsdom. */
export function d3Module(): D3Module {
  if (d3Cache === undefined) d3Cache = createRequire(import.meta.url)('d3') as D3Module;
  return d3Cache;
}

export interface SvgCanvas {
  d3: D3Module;
  svg: SvgSelection;
  /** The SVG element as markup. */
  markup(): string;
}

let nodeCache: D3NodeInstance | undefined;

/**
 * A fresh SVG element of the given size; `attrs` go on the <svg> element. Every canvas lives in one d3-node
 * document (a new jsdom window costs tens of milliseconds, as much as a chart), and leaves it when serialised.
 */
export function svgCanvas(width: number, height: number, attrs: Record<string, string | number> = {}): SvgCanvas {
  nodeCache ??= new (d3NodeConstructor())();
  const node = nodeCache;
  const svg = node.createSVG(width, height, { viewBox: `0 0 ${width} ${height}`, ...attrs });
  let serialised: string | undefined;
  const markup = (): string => {
    if (serialised === undefined) {
      // d3-node's svgString() reads the document's first <svg>; this canvas is one of several.
      serialised = (svg.node() as unknown as { outerHTML: string }).outerHTML;
      svg.remove();
    }
    return serialised;
  };
  return { d3: node.d3, svg, markup };
}
