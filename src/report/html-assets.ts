// The report page's style sheet and script: plain text, served inline (the page's Content-Security-Policy hashes the script).
import { PICTURE_CSS } from './picture/svg.js';

export const PAGE_CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--ok:#1a7f37;--bad:#cf222e;--warn:#9a6700;--sel:#ddf4ff;--focus:#0969da}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--panel:#151b23;--ok:#3fb950;--bad:#f85149;--warn:#d29922;--sel:#121d2f;--focus:#4493f8}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{padding:16px 24px;border-bottom:1px solid var(--line)}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:17px;margin:0 0 8px}
h3{font-size:14px;margin:12px 0 4px}
.muted{color:var(--muted)}
ul.summary{display:flex;gap:12px;list-style:none;padding:0;margin:12px 0 0}
.tile{border:1px solid var(--line);border-radius:8px;padding:8px 16px;background:var(--panel)}
.tile .n{font-size:22px;font-weight:600;margin-right:6px}
.tile.pass .n{color:var(--ok)}.tile.fail .n{color:var(--bad)}.tile.error .n{color:var(--warn)}
main{display:grid;grid-template-columns:minmax(260px,380px) 1fr;gap:0}
nav{border-right:1px solid var(--line);padding:12px 16px;max-height:100vh;overflow:auto;position:sticky;top:0}
nav ul{list-style:none;margin:0;padding:0}
button.x{display:block;width:100%;text-align:left;border:1px solid transparent;border-radius:6px;background:none;color:inherit;font:inherit;padding:6px 8px;cursor:pointer}
button.x:hover{background:var(--panel)}
button.x[aria-pressed="true"]{background:var(--sel);border-color:var(--focus)}
button.x:focus-visible{outline:2px solid var(--focus);outline-offset:1px}
button.x .flow{display:block;color:var(--muted);font-size:12px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.badge{font-weight:600;font-size:12px;white-space:nowrap}
.badge.pass{color:var(--ok)}.badge.fail{color:var(--bad)}.badge.error{color:var(--warn)}
.area{padding:12px 24px;min-width:0}
.picture{overflow:auto;border:1px solid var(--line);border-radius:8px;margin:0 0 16px}
.picture h2{padding:8px 12px 0}
.picture svg{max-width:100%;height:auto}
.picture.actual svg{max-width:none}
figure.path-view{border:1px solid var(--line);border-radius:8px;margin:8px 0 16px;overflow:auto}
figure.path-view svg{display:block}
button.zoom{margin:4px 12px;font:inherit;font-size:12px;border:1px solid var(--line);border-radius:6px;background:var(--panel);color:inherit;padding:2px 8px;cursor:pointer}
button.zoom:focus-visible{outline:2px solid var(--focus)}
figure{margin:0;padding:8px}
figcaption{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;padding:4px 4px 0}
table{border-collapse:collapse;margin:8px 0 16px;width:100%}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid var(--line);padding:4px 6px;vertical-align:top;text-align:left}
table.trace td,table.trace th[scope=rowgroup]{font-size:12.5px}
table.trace th[scope=rowgroup]{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}
.decision.allow{color:var(--ok);font-weight:600}.decision.deny{color:var(--bad);font-weight:600}.decision.partial{color:var(--warn);font-weight:600}
.rule .where{color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.fix{color:var(--warn)}
.reason{color:var(--bad);font-weight:600}
table.heat{width:auto}
td.heat{text-align:center;font-variant-numeric:tabular-nums;min-width:64px}
td.heat.none{color:var(--muted)}
td.h0{background:color-mix(in srgb,var(--bad) 18%,transparent)}
td.h1{background:color-mix(in srgb,var(--ok) 15%,transparent)}
td.h2{background:color-mix(in srgb,var(--ok) 30%,transparent)}
td.h3{background:color-mix(in srgb,var(--ok) 45%,transparent)}
td.h4{background:color-mix(in srgb,var(--ok) 65%,transparent)}
ul.diagnostics li.error code{color:var(--bad)}ul.diagnostics li.warning code{color:var(--warn)}
@media (max-width:900px){main{grid-template-columns:1fr}nav{position:static;max-height:none;border-right:0;border-bottom:1px solid var(--line)}}
@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--panel:#fff;--sel:#fff}nav,button.zoom{display:none}figure.path-view svg{max-width:100%;height:auto}main{display:block}article.detail[hidden]{display:block;break-before:page}.picture{break-inside:avoid}}
${PICTURE_CSS}`;

export const SCRIPT = `(function(){
var data=JSON.parse(document.getElementById('vr-data').textContent);
var buttons=Array.prototype.slice.call(document.querySelectorAll('button.x'));
var STATES=['path','delivered','partial','stopped'];
function each(list,fn){Array.prototype.forEach.call(list,fn);}
function select(id,focus){
  var x=data.x[id];
  buttons.forEach(function(b){var on=b.getAttribute('data-x')===id;b.setAttribute('aria-pressed',on?'true':'false');b.tabIndex=on?0:-1;if(on&&focus)b.focus();});
  each(document.querySelectorAll('article.detail'),function(d){d.hidden=d.getAttribute('data-x')!==id;});
  each(document.querySelectorAll('.picture'),function(p){
    var mine=!!x&&p.getAttribute('data-model')===x.model;
    p.hidden=!mine;
    each(p.querySelectorAll('.node,.edge'),function(el){STATES.forEach(function(s){el.classList.remove(s);});});
    each(p.querySelectorAll('.node .code'),function(el){el.textContent='';});
    var cap=p.querySelector('figcaption');
    if(!mine){return;}
    var nodes=new Map(x.nodes),edges=new Map(x.edges),stops=new Map();
    x.stops.forEach(function(s){stops.set(s[0],(stops.has(s[0])?stops.get(s[0])+', ':'')+s[1]);});
    each(p.querySelectorAll('.node'),function(el){var k=el.getAttribute('data-key');var s=nodes.get(k);if(s){el.classList.add(s);}var c=el.querySelector('.code');if(c&&stops.has(k)){c.textContent='\\u2717 '+stops.get(k);}});
    each(p.querySelectorAll('.edge'),function(el){var s=edges.get(el.getAttribute('data-key'));if(s){el.classList.add(s);}});
    if(cap){cap.textContent=x.summary;}
  });
  var live=document.getElementById('selected');if(live){live.textContent=x?x.name:'';}
}
buttons.forEach(function(b,i){
  b.addEventListener('click',function(){select(b.getAttribute('data-x'),false);});
  b.addEventListener('keydown',function(ev){
    var j=ev.key==='ArrowDown'?i+1:ev.key==='ArrowUp'?i-1:ev.key==='Home'?0:ev.key==='End'?buttons.length-1:-2;
    if(j===-2){return;}
    ev.preventDefault();
    j=Math.max(0,Math.min(buttons.length-1,j));
    select(buttons[j].getAttribute('data-x'),true);
  });
});
each(document.querySelectorAll('.picture svg'),function(s){var w=s.width&&s.width.baseVal?s.width.baseVal.value:0;if(w>0)s.style.minWidth=Math.round(w*0.75)+'px';});
each(document.querySelectorAll('button.zoom'),function(z){z.addEventListener('click',function(){var p=z.parentNode;var on=!p.classList.contains('actual');p.classList.toggle('actual',on);z.setAttribute('aria-pressed',on?'true':'false');z.textContent=on?'fit to width':'actual size';});});
if(data.first){select(data.first,false);}
})();`;
