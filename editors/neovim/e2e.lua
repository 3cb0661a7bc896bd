-- End-to-end check of `imtacfg lsp` through Neovim's built-in client (Neovim 0.7 or later),
-- driven by tests/it/lsp_neovim.rs:
--   nvim --headless --clean -u NONE -c "luafile editors/neovim/e2e.lua"
-- with IMTACFG_BIN (the binary), CONF_DIR (a copy of examples/mistakes), FILES (the file
-- names to open, comma-separated) and OUT (where the results go, as JSON). The client is
-- started by the setup of imtacfg.lua beside this file, the snippet the README gives.
local bin, dir, out = os.getenv('IMTACFG_BIN'), os.getenv('CONF_DIR'), os.getenv('OUT')
local result = { diagnostics = {}, published = {} }

local function write_and_quit()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end

local function codes(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, { d.lnum + 1, d.code })
  end
  return list
end

local function run()
  local published = 0
  local default = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
    published = published + 1
    result.published[res.uri] = (result.published[res.uri] or 0) + 1
    return default(err, res, ctx, config)
  end
  local here = debug.getinfo(1, 'S').source:sub(2):match('(.*/)')
  local imtacfg = dofile(here .. 'imtacfg.lua')
  -- The default patterns, plus the included file of the example (internet.rules).
  local patterns = vim.list_extend({ 'internet.rules' }, imtacfg.patterns)
  imtacfg.setup({
    cmd = { bin, 'lsp' },
    patterns = patterns,
    on_exit = function(code, signal) result.exit = { code, signal } end,
  })
  local bufs = {}
  for name in string.gmatch(os.getenv('FILES'), '[^,]+') do
    vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/' .. name))
    bufs[name] = vim.api.nvim_get_current_buf()
  end
  local client_id = imtacfg.client_id
  result.clients = imtacfg.started
  local opened = vim.tbl_count(bufs)
  result.all_published = vim.wait(20000, function()
    return vim.tbl_count(result.published) >= opened
  end, 20)
  -- Diagnostics of a directory are published again when a sibling opens: let them settle.
  vim.wait(500)
  for name, buf in pairs(bufs) do
    result.diagnostics[name] = codes(buf)
  end

  -- Hover on a channel keyword.
  local imta = bufs['imta.cnf']
  for i, line in ipairs(vim.api.nvim_buf_get_lines(imta, 0, -1, false)) do
    local c = string.find(line, 'master_debug', 1, true)
    if c then
      local resp = vim.lsp.buf_request_sync(imta, 'textDocument/hover', {
        textDocument = { uri = vim.uri_from_bufnr(imta) },
        position = { line = i - 1, character = c + 2 },
      }, 10000)
      result.hover = resp[client_id].result.contents.value
      break
    end
  end

  -- Completion at the start of an option.dat line.
  local opt = bufs['option.dat']
  local resp = vim.lsp.buf_request_sync(opt, 'textDocument/completion', {
    textDocument = { uri = vim.uri_from_bufnr(opt) },
    position = { line = 0, character = 0 },
  }, 10000)
  result.completion = {}
  for _, item in ipairs(resp[client_id].result) do
    table.insert(result.completion, item.label)
  end

  -- The quick fix of OPT103 on line 9 of option.dat, applied in the buffer.
  local actions = vim.lsp.buf_request_sync(opt, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(opt) },
    range = { start = { line = 8, character = 0 }, ['end'] = { line = 8, character = 0 } },
    context = { diagnostics = {} },
  }, 10000)
  local before = published
  for _, a in ipairs(actions[client_id].result) do
    if a.diagnostics and a.diagnostics[1].code == 'OPT103' then
      result.action = a.title
      vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16')
      break
    end
  end
  result.republished = vim.wait(20000, function() return published > before end, 20)
  vim.wait(300)
  result.after = codes(opt)
  result.buffer_after = vim.api.nvim_buf_get_lines(opt, 0, -1, false)

  -- Shut down.
  vim.lsp.stop_client(client_id)
  result.stopped = vim.wait(10000, function() return result.exit ~= nil end, 20)
end

local ok, err = pcall(run)
if not ok then result.error = tostring(err) end
write_and_quit()
