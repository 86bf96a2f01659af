// Starts web-push-testing's push service on 127.0.0.1 and a free port, and prints
// "listening <port>" once it accepts requests. The package itself listens on every
// interface at a fixed port; the tests must use loopback only and never collide.
const TestingServer = require('web-push-testing/src/server.js');
const {PushApiModel} = require('web-push-testing/src/PushApiModel.js');

const model = new PushApiModel();
const server = new TestingServer(model, 0);
const app = server._app;
const listen = app.listen.bind(app);
app.listen = (_port, callback) => listen(0, '127.0.0.1', function () {
	const {port} = this.address();
	model.notifyUrl = `http://127.0.0.1:${port}/notify/`;
	console.log(`listening ${port}`);
	callback?.();
});
server.startServer();
