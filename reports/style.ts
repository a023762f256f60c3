/** The page's stylesheet and its one small script, both inline so the report opens offline from one file. */
import { createHash } from 'node:crypto';

export const CSS = `
:root{--ok:#3b9a4b;--fail:#d64545;--info:#f0a030;--hl:#7b2ff7;--ink:#1f2328;--muted:#59636e;--line:#d0d7de}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);margin:0;padding:0 24px 48px;background:#fff}
h1{font-size:22px;margin:0}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.verdict{margin:16px 0 8px;padding:14px 18px;border-radius:8px;border:2px solid;display:flex;flex-wrap:wrap;gap:10px 24px;align-items:center}
.verdict.v-valid{background:#eaf6ec;border-color:var(--ok)}.verdict.v-violation{background:#fdecec;border-color:var(--fail)}.verdict.v-unknown{background:#fff6e5;border-color:var(--info)}
.verdict .big{font-size:26px;font-weight:700;letter-spacing:.02em}
.v-valid .big{color:#1f6f2c}.v-violation .big{color:#a61b1b}.v-unknown .big{color:#8a5a00}
.repro{display:flex;gap:8px;align-items:center;margin:8px 0 4px}
.repro code{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:8px 12px;font-size:14px;user-select:all}
button{font:inherit;font-size:12px;padding:4px 10px;border:1px solid var(--line);border-radius:6px;background:#f6f8fa;cursor:pointer}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
.b-valid{background:var(--ok)}.b-violation{background:var(--fail)}.b-unknown{background:#b7791f}
.glance{margin:8px 0;padding-left:20px}.glance li{margin:3px 0}.bad{color:#a61b1b;font-weight:600}.muted{color:var(--muted)}
.legend{font-size:12px;color:var(--muted);margin:4px 0 6px;line-height:2}
.sw{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px;vertical-align:middle;border-radius:2px}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;margin:6px 0;font-size:13px}th,td{border-bottom:1px solid #eaeef2;padding:3px 10px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr:target{background:#f3ecff}
pre{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:10px;overflow:auto;max-height:480px;white-space:pre-wrap;word-break:break-word}
details>summary{cursor:pointer;color:var(--muted)}
svg.chart{display:block;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
svg .plot{fill:#fcfcfd}svg .grid{stroke:#eceff2}svg g.axis{color:#8c959f}svg g.axis text{font-size:10.5px;fill:var(--muted)}
svg .section{font-size:12px;font-weight:700;fill:var(--ink)}svg .section-rule{stroke:#c8d1da}
svg .lane-label{font-size:11.5px;fill:var(--ink)}
svg .ok{fill:var(--ok)}svg .fail{fill:var(--fail)}svg .mismatch{fill:#eab0b0}svg .info,svg .open{fill:var(--info)}svg .info-tail{fill:var(--info);opacity:.25}
svg .hl{stroke:var(--hl);stroke-width:2}svg .hl-mark{fill:var(--hl)}
svg .band{fill:#f28e2b;opacity:.09}svg .fault-line{stroke:#d9480f;stroke-dasharray:4 3;opacity:.6}
svg .fault{fill:#f6b26b;stroke:#d9480f}svg .fault.unended{stroke-dasharray:3 2}svg .fault-instant{fill:#d9480f}svg .fault-text{font-size:10.5px;fill:#7a2e00}
svg .fault-on{fill:none;stroke:#d9480f;stroke-width:1.5;stroke-dasharray:3 2}
svg .s-starting{fill:#d5dae0}svg .s-running{fill:#b8dcc1}svg .s-backup{fill:#9fbfe6}svg .s-active{fill:#9fd8ab}svg .s-initialized,svg .s-online{fill:#2e8b47}
svg .s-aborted{fill:#d64545}svg .s-dead{fill:#3c4043}svg .s-paused{fill:#9b6fd6}
svg .seg-text{font-size:10.5px;fill:#1f2328;pointer-events:none}
svg .t-initialized,svg .t-online,svg .t-aborted,svg .t-dead,svg .t-paused{fill:#fff;font-weight:600}
svg .mk{fill:#57606a}svg .mk-bad{fill:#b00020}
svg .proc{opacity:.85}svg .proc.unfinished{opacity:.45}svg .proc-text{font-size:10px;fill:#fff;pointer-events:none}
svg .hold{opacity:.9}svg .hold-text{font-size:9.5px;fill:#fff;pointer-events:none}
svg .gap{fill:url(#hatch-gap)}svg .outage{fill:#d64545;opacity:.85}svg .count-text{font-size:10px;fill:#fff;font-weight:700;pointer-events:none}svg .closed-req{fill:url(#hatch-closed)}svg .frozen{fill:url(#hatch-frozen)}svg .believed{fill:url(#hatch-believed)}svg .double{fill:none;stroke:#e00000;stroke-width:2}
svg .z-offline{fill:#8fb3de}svg .z-opening{fill:#e3b505}svg .z-opened{fill:#2e8b47}svg .z-closing{fill:#f08c3a}svg .z-closed{fill:#8c959f}svg .z-failed{fill:#d64545}svg .z-other{fill:#b392f0}svg .z-count{fill:#5b8fd6}svg .z-text{font-size:9.5px;fill:#1f2328;font-weight:600;pointer-events:none}
svg .v-open{fill:#2e8b47}svg .v-moving{fill:#e3b505}svg .v-closed{fill:#b6bcc3}svg .v-bad{fill:#d64545}svg .v-other{fill:#8c959f}
svg .cursor{stroke:#1f2328;stroke-width:1;opacity:.55;pointer-events:none}svg .cursor-t{font-size:11px;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px;pointer-events:none}
svg a rect,svg a path{cursor:pointer}
.sentence{font-size:15px;background:#fff8f0;border-left:4px solid var(--fail);padding:8px 12px;margin:6px 0}
.story-legend{font-size:12px;color:var(--muted);margin:4px 0}
.story-cols{display:flex;flex-wrap:wrap;gap:8px 32px}.story-cols>div{flex:1 1 480px;min-width:0}h4{font-size:13.5px;margin:12px 0 4px}
tr.stuck-row td{background:#fdecec}ul.ctx{margin:4px 0;padding-left:18px;font-size:13px}ul.ctx li{margin:2px 0}
svg.story-chart{display:block;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:11px}
svg.story-chart .stuck{stroke:var(--fail);stroke-width:3}svg.story-chart .step{stroke:#1f2328;stroke-width:1}
svg.story-chart .indeterminate{opacity:.55}svg.story-chart .holder{fill:#6c8ebf;opacity:.8}
svg.story-chart .step-label{font-size:10.5px;font-weight:700;fill:#fff;pointer-events:none}svg.story-chart .stuck-label{font-size:12px;font-weight:700;fill:#fff;pointer-events:none}
svg.story-chart .outside{fill:#1f2328}svg.story-chart .stuck-label.outside{fill:var(--fail)}
svg.story-chart .ctx-line{stroke:#57606a;stroke-dasharray:2 3}svg.story-chart .ctx-dot{fill:#57606a}
svg.story-chart .ctx-master{stroke:#7b2ff7;fill:#7b2ff7}svg.story-chart .ctx-process{stroke:#b00020;fill:#b00020}svg.story-chart .ctx-region{stroke:#1f6feb;fill:#1f6feb}
svg.perf-chart{display:block;max-width:100%;height:auto;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:11px}
svg.perf-chart .pt{fill:none;stroke-linecap:round}svg.perf-chart .pt.ok{stroke:var(--ok);stroke-width:3.2px;opacity:.45}svg.perf-chart .pt.fail{stroke:var(--fail);stroke-width:4.8px}svg.perf-chart .pt.info{stroke:var(--info);stroke-width:4.8px}
svg.perf-chart path.q,svg.perf-chart path.tp{fill:none;stroke-width:1.6}svg.perf-chart .q0{stroke:#1f6feb;fill:#1f6feb}svg.perf-chart .q1{stroke:#8250df;fill:#8250df}svg.perf-chart .q2{stroke:#bf3989;fill:#bf3989}svg.perf-chart .q3{stroke:#57606a;fill:#57606a}
svg.perf-chart path.tp.ok{stroke:var(--ok)}svg.perf-chart path.tp.fail{stroke:var(--fail)}svg.perf-chart path.tp.info{stroke:var(--info)}svg.perf-chart .perf-legend,svg.perf-chart .perf-ylabel{fill:var(--muted)}
svg.perf-chart .story-axis text{fill:var(--muted)}
svg.story-chart .offending{fill:var(--fail);opacity:.18}svg.story-chart .story-axis text{fill:var(--muted)}
`;

/** SVG patterns the charts refer to; one hidden SVG per page. */
export const DEFS = `<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs><pattern id="hatch-gap" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fbd0d0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d64545" stroke-width="2.5"/></pattern><pattern id="hatch-frozen" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="6" height="6" fill="#9b6fd6" opacity=".35"/><line x1="0" y1="0" x2="0" y2="6" stroke="#6a3fb0" stroke-width="2"/></pattern><pattern id="hatch-closed" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#eef0f2"/><line x1="0" y1="0" x2="0" y2="6" stroke="#b6bcc3" stroke-width="2"/></pattern><pattern id="hatch-believed" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="5" height="5" fill="#f4f5f7"/><line x1="0" y1="0" x2="0" y2="5" stroke="#5f6670" stroke-width="1.5"/></pattern></defs></svg>`;

/**
 * A time cursor across every chart (they share one time scale), and the repro command's copy button. The
 * script reads only numbers the report wrote itself (data-* attributes), never a run's values.
 */
export const SCRIPT = `(function(){
var charts=[].slice.call(document.querySelectorAll('svg.chart'));
function fmt(t){return Math.abs(t)<1000?Math.round(t)+' ms':(t/1000).toFixed(3)+' s';}
function place(t){charts.forEach(function(svg){
var t0=+svg.getAttribute('data-t0'),t1=+svg.getAttribute('data-t1'),x0=+svg.getAttribute('data-x0'),w=+svg.getAttribute('data-w');
var line=svg.querySelector('.cursor'),label=svg.querySelector('.cursor-t');if(!line||!label)return;
var x=t===null?-10:x0+(t-t0)/(t1-t0)*w;line.setAttribute('x1',x);line.setAttribute('x2',x);
label.setAttribute('x',x+4);label.textContent=t===null?'':fmt(t);});}
charts.forEach(function(svg){
svg.addEventListener('mousemove',function(ev){
var r=svg.getBoundingClientRect(),vb=svg.viewBox.baseVal;if(!r.width)return;
var x=(ev.clientX-r.left)*vb.width/r.width,x0=+svg.getAttribute('data-x0'),w=+svg.getAttribute('data-w');
if(x<x0||x>x0+w){place(null);return;}
var t0=+svg.getAttribute('data-t0'),t1=+svg.getAttribute('data-t1');place(t0+(x-x0)/w*(t1-t0));});
svg.addEventListener('mouseleave',function(){place(null);});});
[].slice.call(document.querySelectorAll('a[data-t]')).forEach(function(a){a.addEventListener('click',function(){var t=+a.getAttribute('data-t');setTimeout(function(){place(t);},0);});});
var b=document.getElementById('copy-repro'),c=document.getElementById('repro');
if(b&&c&&navigator.clipboard){b.hidden=false;b.addEventListener('click',function(){navigator.clipboard.writeText(c.textContent||'').then(function(){b.textContent='copied';},function(){b.textContent='select and copy';});});}
})();`;

/** Only this exact script may run (CSP hash), so even a value that escaped escaping could not execute. */
export const CSP = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'`;
