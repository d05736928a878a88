const base='http://127.0.0.1:8912';
async function run(label, mk) {
  const t=Date.now(); const times=[];
  for (let i=0;i<3000;i+=64) await Promise.all(Array.from({length:64},async(_,j)=>{const t0=Date.now(); const r=await fetch(base+'/call/card',{method:'POST',headers:{'content-type':'application/json'},body:mk(i+j)}); await r.text(); times.push(Date.now()-t0);}));
  times.sort((a,b)=>b-a); console.log(label, Date.now()-t, 'ms; slowest', times.slice(0,5));
}
await run('tiny', () => JSON.stringify({openid:'x',data:{action:'mine', x: 1}}));
await run('25k', () => JSON.stringify({openid:'x',data:{action:'mine', x: 'a'.repeat(25000)}}));
await run('mixed', (i) => JSON.stringify({openid:'x',data:{action:'mine', x: 'a'.repeat(i%20===0?1_100_000:25)}}));
await run('mixed400k', (i) => JSON.stringify({openid:'x',data:{action:'mine', x: 'a'.repeat(i%20===0?400_000:25)}}));
