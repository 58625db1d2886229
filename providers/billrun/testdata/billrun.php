<?php
// Test vectors for the BillRun signature, made by PHP itself: json_decode,
// urlencode, json_encode and hash_hmac as BillRun calls them.
//
//   php billrun.php verify KEY < cases.json
//     cases.json is a JSON list of data strings as a caller sends them. For
//     each, prints what BillRun's getRequest checks the signature against:
//     {"payload": json_encode of the decoded data without _sig_ and with
//     the URL fields urlencoded, "sig": hash_hmac of it}.
//
//   php billrun.php sign KEY < arrays.json
//     arrays.json is a JSON list of objects, each decoded into the PHP array
//     a BillRun client holds. For each, prints the data string that client
//     sends: the array with _sig_ added, signed over a copy whose URL fields
//     are urlencoded, as BillRun's own pay page signs.

$urlFields = ['return_url', 'name', 'ok_page', 'fail_page'];

function encode_urls(array $data, array $fields): array {
	foreach ($fields as $f) {
		if (isset($data[$f])) {
			$data[$f] = urlencode($data[$f]);
		}
	}
	return $data;
}

[$mode, $key] = [$argv[1], $argv[2]];
$in = json_decode(stream_get_contents(STDIN), true, 512, JSON_THROW_ON_ERROR);
$out = [];
foreach ($in as $item) {
	if ($mode === 'verify') {
		$data = encode_urls(json_decode($item, true), $urlFields);
		unset($data['_sig_']);
		$payload = json_encode($data);
		$out[] = ['payload' => $payload, 'sig' => hash_hmac('sha512', $payload, $key)];
	} else {
		$signed = encode_urls($item, $urlFields);
		$item['_sig_'] = hash_hmac('sha512', json_encode($signed), $key);
		$out[] = json_encode($item);
	}
}
echo json_encode($out, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
