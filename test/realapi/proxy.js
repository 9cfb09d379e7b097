// A keep-alive HTTP reverse proxy in front of a test server, as commonly set
// up in front of an API: node proxy.js TARGET_PORT PORT_FILE [LOG_FILE]
// Listens on 127.0.0.1 (a free port, written to PORT_FILE), forwards every
// request to 127.0.0.1:TARGET_PORT over pooled keep-alive connections and
// streams the answer back as it arrives.  With LOG_FILE, each request is
// appended to it as it was received, with the server's status, one line
// "STATUS METHOD URL" when the answer begins: the record a test compares
// with what EXPLAIN announced.
const http = require('http');
const fs = require('fs');
const target = parseInt(process.argv[2], 10);
const portFile = process.argv[3];
const logFile = process.argv[4];
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
const server = http.createServer((req, res) => {
  const upstream = http.request({ host: '127.0.0.1', port: target, path: req.url,
                                  method: req.method, headers: req.headers, agent }, (r) => {
    if (logFile)
      fs.appendFileSync(logFile, `${r.statusCode} ${req.method} ${req.url}\n`);
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  upstream.on('error', (e) => {
    if (logFile)
      fs.appendFileSync(logFile, `502 ${req.method} ${req.url}\n`);
    res.writeHead(502);
    res.end(String(e));
  });
  req.pipe(upstream);
});
server.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(portFile + '.tmp', String(server.address().port) + '\n');
  fs.renameSync(portFile + '.tmp', portFile);
});
process.on('SIGTERM', () => process.exit(0));
