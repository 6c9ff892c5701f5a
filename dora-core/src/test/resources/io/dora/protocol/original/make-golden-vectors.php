<?php
// Makes golden-vectors.json: values serialized by PHP's own serialize(), the JSON PHP's json_encode makes of the
// same values, and whole frames of the original Dora protocol built with pack('N') as the original's Packet class
// builds them. Run from this directory with php-cli 8 (Debian's php-cli package):
//
//   php make-golden-vectors.php > golden-vectors.json
//
// The tests read the committed output, so they do not need PHP.

$guid = "9dd4e461268c8034f5c8564e155c67a6";
$salt = "=&$*#@(*&%(@";

$values = array(
    "null" => null,
    "true" => true,
    "false" => false,
    "zero" => 0,
    "int" => 42,
    "negative int" => -7,
    "int max" => PHP_INT_MAX,
    "int min" => PHP_INT_MIN,
    "float" => 0.1,
    "float whole" => 1.0,
    "float negative zero" => -0.0,
    "float big" => 1.5e20,
    "float 1e16" => 1e16,
    "float 1e17" => 1e17,
    "float small" => 1.0e-5,
    "float 0.0001" => 0.0001,
    "float pi" => 3.141592653589793,
    "float max" => 1.7976931348623157e308,
    "float min subnormal" => 5e-324,
    "float 0.3" => 0.30000000000000004,
    "string" => "hello",
    "empty string" => "",
    "string with quotes" => "say \"hi\";}",
    "unicode string" => "héllo 世界 😀",
    "empty array" => array(),
    "list" => array(1, 2, 3),
    "map" => array("mark" => 234, "foo" => 1),
    "numeric string keys" => array("1" => "a", "5" => "b", "-3" => "c"),
    "non-canonical numeric keys" => array("01" => 1, "-0" => 2, "+1" => 3, "9223372036854775808" => 4),
    "list out of order" => array(1 => "b", 0 => "a"),
    "list with gap" => array(0 => "a", 2 => "c"),
    "mixed keys" => array(0 => "a", "x" => "b"),
    "nested" => array("a" => array("b" => array("c" => array(1, array()))), "d" => null, "e" => false),
    "request single" => array(
        "api" => array("one" => array("name" => "/module_a/abc", "param" => array("mark" => 234, "foo" => 1))),
        "guid" => $guid,
        "type" => "W_S",
    ),
    "request multi" => array(
        "api" => array(
            "oak" => array("name" => "/module_c/dd", "param" => array("uid" => "ff")),
            "cd" => array("name" => "/module_f/ef", "param" => array("pathid" => "fds")),
        ),
        "guid" => $guid,
        "type" => "W_M",
    ),
);

$special = array("float INF" => INF, "float -INF" => -INF, "float NAN" => NAN);

function frame($guid, $body, $sign, $compress, $salt)
{
    if ($compress) {
        $body = gzencode($body, 4);
    }
    if ($sign) {
        return pack('N', strlen($body) + 4 + 32) . pack('N', crc32($body . $salt)) . $guid . $body;
    }
    return pack('N', strlen($body) + 32) . $guid . $body;
}

$out = array("php" => PHP_VERSION, "values" => array(), "special" => array(), "frames" => array());
foreach ($values as $name => $value) {
    $out["values"][] = array(
        "name" => $name,
        "serialized" => base64_encode(serialize($value)),
        "json" => json_encode($value, JSON_PRESERVE_ZERO_FRACTION | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES),
    );
}
foreach ($special as $name => $value) {
    $out["special"][] = array("name" => $name, "serialized" => base64_encode(serialize($value)));
}

// The reference's worked example: request and reply of a single synchronous call of /a/b with {k: 1}.
$request = array("api" => array("one" => array("name" => "/a/b", "param" => array("k" => 1))), "guid" => $guid, "type" => "W_S");
$apiResult = array("guid" => $guid, "code" => 0, "msg" => "OK", "data" => array("k" => 1));
$reply = array("guid" => $guid, "code" => 0, "msg" => "OK", "data" => $apiResult);
$ack = array("guid" => $guid, "code" => 100001, "msg" => "transfer success.已经成功投递", "data" => array());
$pushed = $reply;
$pushed["isresult"] = 1;
$messages = array("request" => $request, "reply" => $reply, "acknowledgement" => $ack, "pushed result" => $pushed);
foreach ($messages as $name => $message) {
    foreach (array(array(false, false), array(true, false), array(false, true), array(true, true)) as $options) {
        $out["frames"][] = array(
            "name" => $name,
            "signed" => $options[0],
            "compressed" => $options[1],
            "json" => json_encode($message, JSON_PRESERVE_ZERO_FRACTION | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES),
            "frame" => base64_encode(frame($guid, serialize($message), $options[0], $options[1], $salt)),
        );
    }
}
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
