// Options of the custom-elements-manifest analyzer that scripts/manifest.ts runs. The manifest is
// generated into a temporary folder and compared or copied from there, so the analyzer must not point
// package.json's "customElements" at that folder.
export default { packagejson: false };
