// Reference for test_tfjs_weights: decodes every face-api weight manifest in MODEL_DIR with
// TensorFlow.js's own tf.io.decodeWeights and prints, per tensor, its shape, sum, sum of
// squares and 16 values at fixed strided positions, as JSON on stdout.
// Usage: node tfjs_decode_reference.js MODEL_DIR   (NODE_PATH must reach resources/npm/node_modules)
'use strict';
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

async function main() {
  const dir = process.argv[2];
  const out = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('-weights_manifest.json')).sort()) {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    const tensors = {};
    for (const group of manifest) {
      const buffers = group.paths.map((p) => fs.readFileSync(path.join(dir, p)));
      const all = Buffer.concat(buffers);
      const arrayBuffer = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
      const decoded = tf.io.decodeWeights(arrayBuffer, group.weights);
      for (const [name, t] of Object.entries(decoded)) {
        const v = t.dataSync();
        let sum = 0, sq = 0;
        for (let i = 0; i < v.length; i++) { sum += v[i]; sq += v[i] * v[i]; }
        const picks = [];
        for (let k = 0; k < 16; k++) {
          const i = Math.floor((k * (v.length - 1)) / 15);
          picks.push([i, v[i]]);
        }
        tensors[name] = { shape: t.shape, sum, sq, picks };
      }
    }
    out[file] = tensors;
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => { console.error(e); process.exit(1); });
