/* Downloads with feedback, and "Link kopieren".
 *
 * A click on a link to /export… fetches the file instead of leaving it to the browser, so the
 * page can say what is happening: "wird erstellt …" while the server renders (a chart takes up
 * to a few seconds, the meeting pack longer), then "heruntergeladen", or the server's German
 * message when it refuses (busy queue, no Chromium, bad view). One status line, read out by
 * screen readers (role=status). Modified clicks (new tab, save as) keep the browser's way.
 *
 * "Link kopieren" copies the page's address with the view's resolved parameters (data-query),
 * so a shared link keeps its year after the next delivery.
 */
(function () {
    'use strict';

    function statusLine() {
        let line = document.getElementById('bimo-download-status');
        if (!line) {
            line = document.createElement('div');
            line.id = 'bimo-download-status';
            line.className = 'bimo-download-status';
            line.setAttribute('role', 'status');
            line.setAttribute('aria-live', 'polite');
            document.body.appendChild(line);
        }
        return line;
    }

    let hideTimer = null;
    function say(text, kind) {
        const line = statusLine();
        window.clearTimeout(hideTimer);
        line.textContent = '';
        if (kind === 'busy') {
            const spinner = document.createElement('span');
            spinner.className = 'spinner-border spinner-border-sm me-2';
            spinner.setAttribute('aria-hidden', 'true');
            line.appendChild(spinner);
        }
        line.appendChild(document.createTextNode(text));
        line.dataset.kind = kind;
        line.classList.add('bimo-visible');
        if (kind !== 'busy') {
            hideTimer = window.setTimeout(() => line.classList.remove('bimo-visible'), 6000);
        }
    }

    function fileName(response, fallback) {
        const header = response.headers.get('Content-Disposition') || '';
        const match = /filename="([^"]+)"/.exec(header);
        return match ? match[1] : fallback;
    }

    async function download(link) {
        if (link.getAttribute('aria-busy') === 'true') return;
        const label = link.getAttribute('aria-label') || link.textContent.trim();
        link.setAttribute('aria-busy', 'true');
        link.classList.add('bimo-busy');
        say(label.replace(/ herunterladen$/, '') + ': wird erstellt …', 'busy');
        try {
            const response = await fetch(link.href, {credentials: 'same-origin'});
            if (!response.ok) {
                const text = (await response.text()).trim();
                say(text || 'Download nicht möglich (Fehler ' + response.status + ').', 'error');
                return;
            }
            const blob = await response.blob();
            const url = URL.createObjectURL(blob);
            const save = document.createElement('a');
            save.href = url;
            save.download = fileName(response, 'bildungsmonitor');
            document.body.appendChild(save);
            save.click();
            save.remove();
            window.setTimeout(() => URL.revokeObjectURL(url), 60000);
            say(save.download + ' heruntergeladen.', 'done');
        } catch (error) {
            say('Download abgebrochen: keine Verbindung zum Server.', 'error');
        } finally {
            link.removeAttribute('aria-busy');
            link.classList.remove('bimo-busy');
        }
    }

    async function copyLink(button) {
        const query = button.dataset.query || '';
        const address = window.location.origin + window.location.pathname + (query ? '?' + query : '');
        try {
            await navigator.clipboard.writeText(address);
        } catch (error) {  // no clipboard API outside a secure context (http on the LAN)
            const field = document.createElement('textarea');
            field.value = address;
            field.setAttribute('readonly', '');
            field.style.position = 'fixed';
            field.style.opacity = '0';
            document.body.appendChild(field);
            field.select();
            const copied = document.execCommand('copy');
            field.remove();
            if (!copied) {
                say('Kopieren nicht möglich. Link: ' + address, 'error');
                return;
            }
        }
        button.dataset.copied = address;
        say('Link kopiert' + (button.dataset.pinned ? ' (' + button.dataset.pinned + ')' : '') + '.', 'done');
    }

    document.addEventListener('click', function (event) {
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
            return;
        }
        const target = event.target instanceof Element ? event.target : null;
        if (!target) return;
        const copy = target.closest('.bimo-copy-link');
        if (copy) {
            event.preventDefault();
            copyLink(copy);
            return;
        }
        const link = target.closest('a[href^="/export"]');
        if (link && window.fetch) {
            event.preventDefault();
            download(link);
        }
    });
})();
