export const id = 873;
export const ids = [873];
export const modules = {

/***/ 4873:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createGitHubClient: () => (/* binding */ createGitHubClient)
/* harmony export */ });
/* harmony import */ var _actions_http_client__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4942);
/* harmony import */ var _octokit_core__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5194);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6752);
/**
 * A client of the GitHub REST API for the records (Deployments): Octokit's core, which is all
 * `GitHubApi` needs (`request` with typed routes), without the thousand generated endpoint
 * methods of `@actions/github`, which cost the action a tenth of a second at every start. Like
 * `@actions/github`, it goes through the runner's proxy (`https_proxy`, `no_proxy`) when one is
 * set.
 */



function createGitHubClient(token, options) {
    const dispatcher = new _actions_http_client__WEBPACK_IMPORTED_MODULE_0__/* .HttpClient */ .Qq().getAgentDispatcher(options.baseUrl);
    return new _octokit_core__WEBPACK_IMPORTED_MODULE_2__/* .Octokit */ .E({
        auth: token,
        baseUrl: options.baseUrl,
        ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
        ...(dispatcher === undefined
            ? {}
            : {
                request: {
                    fetch: (url, init) => (0,undici__WEBPACK_IMPORTED_MODULE_1__/* .fetch */ .hd)(url, { ...init, dispatcher }),
                },
            }),
    });
}


/***/ })

};
