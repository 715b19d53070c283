-- Drives the language server from Neovim 0.7+ (a real third-party LSP client),
-- headless: nvim --headless --clean -c "luafile lsp-check.lua" FILE
-- env: LSP_CMD (JSON array: the server command), OUT (file the results go to).
-- Writes one line per observation: DIAG, HOVER, ACTION, HINT.
local cmd = vim.fn.json_decode(os.getenv('LSP_CMD'))
local out = {}
local function log(...) table.insert(out, table.concat(vim.tbl_map(tostring, { ... }), ' ')) end
local function finish()
  vim.fn.writefile(out, os.getenv('OUT'))
  vim.cmd('qa!')
end

local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = 'yaml'
local diagnostics = nil
local client_id = vim.lsp.start_client({
  name = 'kube-pull-policy',
  cmd = cmd,
  root_dir = vim.fn.getcwd(),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      diagnostics = result.diagnostics
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})
vim.lsp.buf_attach_client(buf, client_id)
local client = vim.lsp.get_client_by_id(client_id)
if not vim.wait(10000, function() return client.initialized end, 20) then log('ERROR not initialized'); return finish() end
if not vim.wait(10000, function() return diagnostics ~= nil end, 20) then log('ERROR no diagnostics'); return finish() end

local image_line = nil
for _, d in ipairs(diagnostics) do
  log('DIAG', d.range.start.line, d.range.start.character, d.severity, d.code, d.source)
  if d.code == 'implicit-always' then image_line = d.range.start.line end
end
if not image_line then log('ERROR no implicit-always'); return finish() end

local doc = { uri = vim.uri_from_bufnr(buf) }
local res = client.request_sync('textDocument/hover', { textDocument = doc, position = { line = image_line, character = 20 } }, 5000, buf)
if res and res.result then log('HOVER', (res.result.contents.value or vim.inspect(res.result.contents)):gsub('\n', ' ')) end

res = client.request_sync('textDocument/codeAction', {
  textDocument = doc,
  range = diagnostics[1].range,
  context = { diagnostics = diagnostics },
}, 5000, buf)
for _, action in ipairs((res and res.result) or {}) do log('ACTION', action.title, tostring(action.isPreferred)) end

res = client.request_sync('textDocument/inlayHint', {
  textDocument = doc,
  range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(buf), character = 0 } },
}, 5000, buf)
for _, hint in ipairs((res and res.result) or {}) do log('HINT', hint.position.line, type(hint.label) == 'string' and hint.label or vim.inspect(hint.label)) end

client.stop()
finish()
