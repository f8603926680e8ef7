-- wrk script for bench/run: ask the request paths listed one a line in the file named
-- after "--" on wrk's command line, in turn. Each thread starts at its own place in the
-- list so that the connections do not all ask for the same page at the same moment.
local threads = 0

function setup(thread)
   thread:set("id", threads)
   threads = threads + 1
end

function init(args)
   -- As every browser does; cached pages are stored gzip-compressed.
   wrk.headers["Accept-Encoding"] = "gzip"
   paths = {}
   for line in io.lines(args[1]) do
      if line ~= "" then
         paths[#paths + 1] = line
      end
   end
   position = ((id or 0) * 17) % #paths
end

function request()
   position = position % #paths + 1
   return wrk.format("GET", paths[position])
end
