// A static export (out/), served as files under the site's Content-Security-Policy.
export default { output: 'export' };
